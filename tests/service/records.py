"""Conversation records for the store tests."""

from __future__ import annotations

from botc.runtime.stores import ConversationRecord


def a_record(**changes: object) -> ConversationRecord:
    """A first-version record with a small context, with `changes` to its fields."""
    fields: dict[str, object] = {"version": 1, "sdes": {}, "context": {"a": 1}}
    fields.update(changes)
    return ConversationRecord(**fields)  # type: ignore[arg-type]
