"""Patterns that can never win (LANGUAGE.md 4.2): the same normalized pattern as one that
ranks better, which takes every text both match; or a pattern all of whose texts a
better-ranked pattern matches (decided on globs, compiler.pattern_inclusion: exact beats
wildcard, then more literal characters, then file order, and a `/regex/` ranks below
every wildcard pattern)."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.checks.context import CheckContext
from compiler.pattern_inclusion import glob_included, globs_included
from compiler.pattern_languages import ModulePattern, module_patterns
from compiler.patterns import is_regex
from compiler.regex_globs import exact_globs, over_globs
from dsl.ast import Str, UserSays
from dsl.diagnostics import Diagnostic
from runtime.normalize import normalize
from runtime.pattern_globs import Glob


def check_shadowed_patterns(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning at a pattern whose normalized text an earlier pattern already has.

    Equal patterns rank by file order, so the earlier one wins every text — unless its
    `except` words let through texts the later one takes.
    """
    reported: set[int] = set()
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
                        reported.add(id(pattern))
                        break
                earlier.setdefault(key, []).append((dialog.name.value, pattern, excludes))
    yield from _subsumed(context, reported)


def _subsumed(context: CheckContext, reported: set[int]) -> Iterator[Diagnostic]:
    patterns = module_patterns(context.module)
    coverers = [(p, _exact(p)) for p in patterns if p.excludes is None]
    for pattern in patterns:
        if id(pattern.source) in reported:
            continue
        inner = pattern.globs or (
            over_globs(pattern.regex.pattern) if pattern.regex is not None else None
        )
        if not inner:
            continue
        better = [(p, g) for p, g in coverers if g and p.rank < pattern.rank]
        if not better or not globs_included(inner, [glob for _, globs in better for glob in globs]):
            continue
        winner = next(p for p, globs in better if any(glob_included(inner[0], w) for w in globs))
        name = context.module.dialogs[winner.dialog].name.value
        yield context.warning(
            "BOT405",
            pattern.source.span,
            f"this pattern can never win: every text it matches is taken by a pattern that "
            f"ranks better, such as {winner.source.raw} (line {winner.source.span.line}, "
            f"dialog `{name}`)",
            "patterns with more literal words win (a `/regex/` loses to every wildcard "
            "pattern): make this one more specific, or the other one narrower",
        )


def _exact(pattern: ModulePattern) -> tuple[Glob, ...]:
    if pattern.regex is None:
        return pattern.globs
    return exact_globs(pattern.regex.pattern) or ()


def _key(pattern: str) -> str:
    """Regexes compare as written; other patterns as normalized."""
    stripped = pattern.strip()
    return "regex:" + stripped if is_regex(stripped) else "text:" + normalize(pattern)
