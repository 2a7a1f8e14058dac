"""Patterns that can never win (LANGUAGE.md 4.2): the same normalized pattern as one that
ranks better, which takes every text both match."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.checks.context import CheckContext
from compiler.patterns import is_regex
from dsl.ast import Str, UserSays
from dsl.diagnostics import Diagnostic
from runtime.normalize import normalize


def check_shadowed_patterns(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning at a pattern whose normalized text an earlier pattern already has.

    Equal patterns rank by file order, so the earlier one wins every text — unless its
    `except` words let through texts the later one takes.
    """
    earlier: dict[str, list[tuple[str, Str, frozenset[str]]]] = {}
    for dialog in context.module.dialogs:
        for trigger in dialog.triggers:
            if not isinstance(trigger, UserSays):
                continue
            excludes = frozenset(normalize(word.value) for word in trigger.excludes)
            for pattern in trigger.patterns:
                key = _key(pattern.value)
                for owner, first, first_excludes in earlier.get(key, []):
                    if first_excludes <= excludes:
                        where = "" if owner == dialog.name.value else f" of dialog `{owner}`"
                        yield context.warning(
                            "BOT405",
                            pattern.span,
                            f"this pattern can never win: the same pattern at line "
                            f"{first.span.line}{where} always beats it",
                            "delete one of them, or make this one more specific",
                        )
                        break
                earlier.setdefault(key, []).append((dialog.name.value, pattern, excludes))


def _key(pattern: str) -> str:
    """Regexes compare as written; other patterns as normalized."""
    stripped = pattern.strip()
    return "regex:" + stripped if is_regex(stripped) else "text:" + normalize(pattern)
