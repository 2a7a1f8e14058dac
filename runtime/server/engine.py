"""The bot as the service sees it: JSON state in, one `step`, JSON state and output out.

This is the one module of the service that touches the interpreter's types, so the rest
of the service (turns, stores, HTTP) deals only in JSON records and can be tested with
any engine that keeps this shape.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Protocol

import attrs

from runtime.wire.events import Event, parse_incoming

JsonDict = dict[str, Any]



@attrs.frozen
class StepResult:
    """What one `step` gave: the new state (JSON), response items, effects, intents, faults."""

    state: JsonDict
    items: tuple[JsonDict, ...] = ()
    effects: tuple[JsonDict, ...] = ()
    intents: tuple[JsonDict, ...] = ()
    faults: tuple[JsonDict, ...] = ()


class Engine(Protocol):
    """Runs one event against a conversation's state."""

    def step(self, state: JsonDict | None, event: Event) -> StepResult:
        """The result of `event` on `state` (None: a conversation no event has reached)."""
        ...

    def respond(self, items: tuple[JsonDict, ...], intents: tuple[JsonDict, ...]) -> JsonDict:
        """The Custom Endpoint reply body (WIRE.md 2) carrying `items` and `intents`."""
        ...


class InterpreterEngine:
    """The real engine: `runtime.interpreter.step` on a loaded table."""

    def __init__(self, table_data: JsonDict, *, max_message_chars: int | None = None) -> None:
        from runtime.loading import load_table

        if max_message_chars is None:
            self._table = load_table(table_data)
        else:
            self._table = load_table(table_data, max_message_chars=max_message_chars)

    def step(self, state: JsonDict | None, event: Event) -> StepResult:
        """Run `runtime.interpreter.step` and turn its output into JSON data."""
        from runtime.interpreter import step
        from runtime.state import ConversationState

        before = (
            ConversationState.initial() if state is None else ConversationState.from_json(state)
        )
        after, output = step(self._table, before, event)
        return StepResult(
            state=after.to_json(),
            items=tuple(output.items),
            effects=tuple(output.effects),
            intents=tuple(output.intents),
            faults=tuple(_fault_json(fault) for fault in output.faults),
        )

    def respond(self, items: tuple[JsonDict, ...], intents: tuple[JsonDict, ...]) -> JsonDict:
        """`runtime.wire.custom_endpoint.response` of the items and intents."""
        from runtime.wire.custom_endpoint import response

        return response(items, intents)


def _fault_json(fault: object) -> JsonDict:
    if isinstance(fault, dict):
        return fault
    if attrs.has(type(fault)):
        return attrs.asdict(fault)  # type: ignore[arg-type]
    return {"message": str(fault)}


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

