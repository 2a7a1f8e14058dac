"""The one place the testing tools touch the interpreter's tables and states.

Tables are passed around as their JSON dicts (the contract, docs/TABLE.md); each dict is
loaded once and the loaded `Table` kept beside it. States are the interpreter's own
`ConversationState`; traces keep them as JSON. Events are the runtime's `Event`, checked
here as the runtime's edge checks what a connector sends.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from botc.runtime.loading import Table, load_table
from botc.runtime.state import ConversationState
from botc.runtime.wire.events import Event, parse_event

TableData = Mapping[str, Any]

# id(table dict) -> (the dict, kept alive so the id stays its own; the loaded Table)
_LOADED: dict[int, tuple[TableData, Table]] = {}


def loaded_table(table: TableData) -> Table:
    """The runtime `Table` for a table dict, loaded (and validated) once per dict."""
    cached = _LOADED.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    result = load_table(dict(table))
    if len(_LOADED) > 256:  # a long pytest session loads many tables; forget the old ones
        _LOADED.clear()
    _LOADED[id(table)] = (table, result)
    return result


def checked(event: Event) -> Event:
    """`event` as the runtime's edge lets it in; raises `EventError` (naming the problem)
    for one a connector could not send, which a replay records as the turn's crash."""
    return parse_event(event.to_json())


def state_json(state: ConversationState) -> dict[str, Any]:
    """The state as JSON data."""
    return state.to_json()


def state_from_json(data: dict[str, Any]) -> ConversationState:
    """A state rebuilt from its JSON data."""
    return ConversationState.from_json(data)


def plain(value: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON-equal copy, so traces never share mutable data with the interpreter."""
    copied: dict[str, Any] = json.loads(json.dumps(value))
    return copied
