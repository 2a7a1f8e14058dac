"""What performs an effect (WIRE.md 4) and the shapes of its result.

A performer takes one effect dict emitted by the interpreter and returns the `data` of
the EFFECT_RESULT event that reports its outcome: `{"id", "status", "headers", "body"}`
when a reply came back (whatever its status), `{"id", "error": "..."}` when none did.
The interpreter decides what counts as success; a performer never raises for a failed
request. It raises `PerformError` only when it cannot give any outcome at all (a stub
list that ran out), which stops the turn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class Performer(Protocol):
    """Performs effects: `perform(effect) -> EFFECT_RESULT data`."""

    def perform(self, effect: Mapping[str, Any]) -> dict[str, Any]: ...


class PerformError(Exception):
    """No outcome can be given for an effect (not a failed request: that is an outcome)."""


def reply_result(
    effect_id: str, status: int, headers: Mapping[str, str], body: Any
) -> dict[str, Any]:
    """The result of an effect that got a reply: status, lowercase header names, body."""
    return {
        "id": effect_id,
        "status": status,
        "headers": {name.lower(): value for name, value in headers.items()},
        "body": body,
    }


def error_result(effect_id: str, error: str) -> dict[str, Any]:
    """The result of an effect that got no reply: `error` says why, in a few words."""
    return {"id": effect_id, "error": error}


def effect_id(effect: Mapping[str, Any]) -> str:
    """The effect's `id` as a string (empty when it has none, which the interpreter rejects)."""
    value = effect.get("id")
    return value if isinstance(value, str) else ""
