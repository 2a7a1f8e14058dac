"""The bot as the service sees it: a state decoded from JSON, `step`, the state encoded.

This is the one module of the service that touches the interpreter's types: a turn
(`runtime/server/turns.py`) decodes the stored state once, runs `runtime.turn_loop.run_turn`
with the engine's `step`, and encodes the state once, so the rest of the service
(turns, stores, HTTP) deals only in JSON records and can be tested with any engine that
keeps this shape.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from runtime.wire.events import Event, parse_incoming

if TYPE_CHECKING:
    from runtime.interpreter import Output

JsonDict = dict[str, Any]


class Engine(Protocol):
    """Runs events against a conversation's state, decoded once per turn."""

    def decode(self, state: JsonDict | None) -> Any:
        """The state to step from the stored JSON (None: a conversation no event has reached)."""
        ...

    def encode(self, state: Any) -> JsonDict:
        """The JSON to store for a state `step` returned."""
        ...

    def step(self, state: Any, event: Event) -> tuple[Any, Output]:
        """The new state and the output of `event` on `state`."""
        ...

    def respond(self, items: tuple[JsonDict, ...], intents: tuple[JsonDict, ...]) -> JsonDict:
        """The Custom Endpoint reply body (WIRE.md 2) carrying `items` and `intents`."""
        ...


class InterpreterEngine:
    """The real engine: `runtime.interpreter.step` on a loaded table."""

    def __init__(self, table_data: JsonDict) -> None:
        from runtime.interpreter import step
        from runtime.loading import load_table

        self._table = load_table(table_data)
        self._step = step

    def decode(self, state: JsonDict | None) -> Any:
        """`ConversationState.from_json`, the initial state for None."""
        from runtime.state import ConversationState

        return ConversationState.initial() if state is None else ConversationState.from_json(state)

    def encode(self, state: Any) -> JsonDict:
        """`ConversationState.to_json`."""
        data: JsonDict = state.to_json()
        return data

    def step(self, state: Any, event: Event) -> tuple[Any, Output]:
        """`runtime.interpreter.step` on the table."""
        return self._step(self._table, state, event)

    def respond(self, items: tuple[JsonDict, ...], intents: tuple[JsonDict, ...]) -> JsonDict:
        """`runtime.wire.custom_endpoint.response` of the items and intents."""
        from runtime.wire.custom_endpoint import response

        return response(items, intents)


@attrs.frozen
class BotTable:
    """A compiled table read from disk, with the version string the service reports."""

    data: JsonDict
    version: str

    @classmethod
    def read(cls, path: str | Path) -> BotTable:
        """Read the table JSON at `path`; its version is `1.0.0+` and a digest of the text."""
        text = Path(path).read_bytes()
        digest = hashlib.sha256(text).hexdigest()[:12]
        return cls(data=json.loads(text), version=f"1.0.0+{digest}")


def incoming_event(body: object) -> Event:
    """The event a connector posted; raises EventError for anything not in WIRE.md 1."""
    return parse_incoming(body)
