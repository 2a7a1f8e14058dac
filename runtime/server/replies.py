"""Putting a reply together: stored items first, then the turn's, one ACTION at most.

Pure functions over JSON items; the interpreter already keeps one ACTION per turn, and
this is the same rule for what the outbox adds in front of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

JsonDict = dict[str, Any]


def split_at_second_action(
    items: Sequence[JsonDict],
) -> tuple[tuple[JsonDict, ...], tuple[JsonDict, ...]]:
    """(items to send now, items held for the next reply): a second ACTION and all after it wait."""
    seen_action = False
    for index, item in enumerate(items):
        if item.get("type") == "ACTION":
            if seen_action:
                return tuple(items[:index]), tuple(items[index:])
            seen_action = True
    return tuple(items), ()


def unique_intents(intents: Sequence[JsonDict]) -> tuple[JsonDict, ...]:
    """`intents` in order, each id once (several steps of a turn may report one dialog)."""
    seen: set[str] = set()
    kept: list[JsonDict] = []
    for intent in intents:
        ident = str(intent.get("id"))
        if ident not in seen:
            seen.add(ident)
            kept.append(intent)
    return tuple(kept)
