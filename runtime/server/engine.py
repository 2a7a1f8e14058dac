"""The bot as the service sees it: how a turn steps a conversation's stored state.

This is the one module of the service that touches the interpreter's types, so the rest
of the service (turns, stores, HTTP) deals only in JSON records and can be tested with
any engine that keeps this shape. A turn (`runtime.turn_loop.run_turn`) steps what
`Stepping` says: the stored JSON state decoded once, `step` on what it decodes to, the
state after the turn encoded once. The real engine steps the interpreter's
`ConversationState`; a stand-in engine (the service's tests) steps JSON with its own
`step`, which returns a `StepResult`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

import attrs

from botc.runtime.faults import Fault
from botc.runtime.interpreter import Output, step
from botc.runtime.json_types import JsonDict
from botc.runtime.loading import load_table
from botc.runtime.state import ConversationState
from botc.runtime.turn_loop import StepFunction
from botc.runtime.wire.custom_endpoint import response
from botc.runtime.wire.events import Event, parse_incoming

S = TypeVar("S")


@attrs.frozen
class StepResult:
    """What one `step` of a JSON engine gave: the new state (JSON), response items,
    effects, intents, faults (`{"message", "dialog", "line"}`)."""

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


@attrs.frozen
class Stepping(Generic[S]):
    """How a turn steps a conversation: `decode` the stored state (None before the first
    event) once, `step` the decoded state through the turn, `encode` the state after it."""

    decode: Callable[[JsonDict | None], S]
    step: StepFunction[S]
    encode: Callable[[S], JsonDict | None]


@runtime_checkable
class SteppingEngine(Engine, Protocol):
    """An engine that steps decoded states; `stepping` says how."""

    @property
    def stepping(self) -> Stepping[Any]: ...


class InterpreterEngine:
    """The real engine: `runtime.interpreter.step` on a loaded table."""

    def __init__(self, table_data: JsonDict, *, max_message_chars: int | None = None) -> None:
        if max_message_chars is None:
            self._table = load_table(table_data)
        else:
            self._table = load_table(table_data, max_message_chars=max_message_chars)
        self._stepping: Stepping[ConversationState] = Stepping(
            decode=_decoded_state, step=partial(step, self._table), encode=_encoded_state
        )

    @property
    def stepping(self) -> Stepping[ConversationState]:
        """`runtime.interpreter.step` on `ConversationState`s."""
        return self._stepping

    def step(self, state: JsonDict | None, event: Event) -> StepResult:
        """One `runtime.interpreter.step` from and to JSON data."""
        after, output = self._stepping.step(_decoded_state(state), event)
        return StepResult(
            state=after.to_json(),
            items=output.items,
            effects=output.effects,
            intents=output.intents,
            faults=tuple(fault.to_json() for fault in output.faults),
        )

    def respond(self, items: tuple[JsonDict, ...], intents: tuple[JsonDict, ...]) -> JsonDict:
        """`runtime.wire.custom_endpoint.response` of the items and intents."""
        return response(items, intents)


def stepping_of(engine: Engine) -> Stepping[Any]:
    """How a turn steps with `engine`: its own `stepping`, or JSON states through its
    `step` for an engine that has none."""
    if isinstance(engine, SteppingEngine):
        return engine.stepping
    return Stepping(decode=_same, step=partial(_json_step, engine), encode=_same)


def _decoded_state(state: JsonDict | None) -> ConversationState:
    return ConversationState.initial() if state is None else ConversationState.from_json(state)


def _encoded_state(state: ConversationState) -> JsonDict:
    return state.to_json()


def _same(state: JsonDict | None) -> JsonDict | None:
    return state


def _json_step(engine: Engine, state: JsonDict | None, event: Event) -> tuple[JsonDict, Output]:
    result = engine.step(state, event)
    faults = tuple(
        Fault(str(fault.get("message")), fault.get("dialog"), fault.get("line"))
        for fault in result.faults
    )
    output = Output(
        items=result.items, effects=result.effects, intents=result.intents, faults=faults
    )
    return result.state, output


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

