"""The one place the testing tools touch the interpreter: load a table, make a state, step.

Tables are passed around as their JSON dicts (the contract, docs/TABLE.md); each dict is
loaded once and the loaded `Table` kept beside it. `step_once` wraps
`runtime.interpreter.step` and returns its output as plain data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from runtime.testing.trace import Fault

TableData = Mapping[str, Any]

# id(table dict) -> (the dict, kept alive so the id stays its own; the loaded Table)
_LOADED: dict[int, tuple[TableData, Any]] = {}


def loaded_table(table: TableData) -> Any:
    """The runtime `Table` for a table dict, loaded (and validated) once per dict."""
    from runtime.loading import load_table

    cached = _LOADED.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    result = load_table(dict(table))
    if len(_LOADED) > 256:  # a long pytest session loads many tables; forget the old ones
        _LOADED.clear()
    _LOADED[id(table)] = (table, result)
    return result


def initial_state() -> Any:
    """A new conversation's state."""
    from runtime.state import ConversationState

    return ConversationState.initial()


def state_json(state: Any) -> dict[str, Any]:
    """The state as JSON data."""
    data: dict[str, Any] = state.to_json()
    return data


def state_from_json(data: dict[str, Any]) -> Any:
    """A state rebuilt from its JSON data."""
    from runtime.state import ConversationState

    return ConversationState.from_json(data)


@attrs.frozen
class StepOutput:
    """What one `step` call produced, as plain data."""

    items: tuple[dict[str, Any], ...]
    effects: tuple[dict[str, Any], ...]
    intents: tuple[dict[str, Any], ...]
    faults: tuple[Fault, ...]
    steps_run: tuple[int, ...]
    branches: tuple[tuple[int, int], ...]


def step_once(table: TableData, state: Any, event: dict[str, Any]) -> tuple[Any, StepOutput]:
    """Run `step` for one event (a WIRE.md dict); raises whatever the runtime raises."""
    from runtime.interpreter import step
    from runtime.wire.events import parse_event

    new_state, output = step(loaded_table(table), state, parse_event(event))
    return new_state, StepOutput(
        items=tuple(_plain(item) for item in output.items),
        effects=tuple(_plain(effect) for effect in output.effects),
        intents=tuple(_plain(intent) for intent in output.intents),
        faults=tuple(_fault(fault) for fault in output.faults),
        steps_run=tuple(int(s) for s in getattr(output, "steps_run", ()) or ()),
        branches=tuple((int(s), int(b)) for s, b in getattr(output, "branches_taken", ()) or ()),
    )


def _plain(value: Any) -> dict[str, Any]:
    """A JSON-equal copy, so traces never share mutable data with the interpreter."""
    copied: dict[str, Any] = json.loads(json.dumps(value))
    return copied


def _fault(fault: Any) -> Fault:
    """An interpreter fault record (dict or object with message/dialog/line) as a `Fault`."""
    if isinstance(fault, Mapping):
        get = fault.get
    else:

        def get(key: str, default: Any = None) -> Any:
            return getattr(fault, key, default)

    message = get("message")
    line = get("line")
    dialog = get("dialog")
    return Fault(
        message=str(message if message is not None else fault),
        dialog=None if dialog is None else str(dialog),
        line=line if isinstance(line, int) else None,
    )
