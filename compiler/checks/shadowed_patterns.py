"""Patterns that can never win (LANGUAGE.md 4.2): the same normalized pattern as one that
ranks better, which takes every text both match; or a pattern all of whose texts a
better-ranked pattern matches (decided on globs, compiler.pattern_inclusion: exact beats
wildcard, then more literal characters, then file order, and a `/regex/` ranks below
every wildcard pattern)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from operator import attrgetter

from botc.compiler.checks.context import CheckContext
from botc.compiler.pattern_inclusion import glob_included, globs_included
from botc.compiler.pattern_languages import ModulePattern, module_patterns
from botc.compiler.patterns import is_regex
from botc.compiler.regex_globs import STAR, exact_globs, over_globs
from botc.dsl.ast import Str, UserSays
from botc.dsl.diagnostics import Diagnostic
from botc.runtime.matching.pattern_globs import Glob
from botc.runtime.normalize import normalize


def check_shadowed_patterns(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning at a pattern whose normalized text an earlier pattern already has.

    Equal patterns rank by file order, so the earlier one wins every text — unless its
    `except` words let through texts the later one takes.
    """
    reported: set[int] = set()
    earlier: dict[str, list[tuple[str, Str, frozenset[str]]]] = {}
    for dialog in context.steps.dialogs:
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
    index = CovererIndex([p for p in patterns if p.excludes is None])
    for pattern in patterns:
        if id(pattern.source) in reported:
            continue
        inner = pattern.globs or (
            over_globs(pattern.regex.pattern) if pattern.regex is not None else None
        )
        if not inner:
            continue
        better = [
            (p, g) for p, g in index.candidates(inner) if p.rank < pattern.rank
        ]
        if not better or not globs_included(inner, [glob for _, glob in better]):
            continue
        # the best-ranked of those that take the first glob: the one that wins its texts
        winner = min(
            (p for p, glob in better if glob_included(inner[0], glob)), key=_RANK
        )
        name = context.steps.dialogs[winner.dialog].name.value
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


class CovererIndex:
    """The exact globs of the patterns that may cover others, indexed by one whole word
    each must find in a text it matches, so that a pattern is compared with the few
    globs that can match it rather than with every pattern of a large bot."""

    def __init__(self, patterns: list[ModulePattern]) -> None:
        self.by_word: dict[str, list[tuple[ModulePattern, Glob]]] = {}
        self.unindexed: list[tuple[ModulePattern, Glob]] = []
        entries = [(p, g, _required_words(g)) for p in patterns for g in _exact(p)]
        counts = Counter(word for _, _, words in entries for word in words)
        rarity = counts.__getitem__
        for pattern, glob, words in entries:
            if not words:
                self.unindexed.append((pattern, glob))
            else:  # the rarest word keeps the buckets small (words are sorted: ties go
                # to the first)
                word = min(words, key=rarity)
                self.by_word.setdefault(word, []).append((pattern, glob))

    def candidates(self, inner: tuple[Glob, ...]) -> list[tuple[ModulePattern, Glob]]:
        found = list(self.unindexed)
        by_word = self.by_word
        for word in _words_of(inner):
            bucket = by_word.get(word)
            if bucket is not None:
                found.extend(bucket)
        return found


_WORD_BREAK = re.compile("[ " + STAR + "]")
_RANK = attrgetter("rank")


@functools.lru_cache(maxsize=1 << 16)
def _words_of(globs: tuple[Glob, ...]) -> tuple[str, ...]:
    """The words (and word parts) the globs' literals hold, each once, sorted; once per
    distinct tuple of globs."""
    words: set[str] = set()
    for glob in globs:
        words.update(_WORD_BREAK.split(STAR.join(glob.literals)))
    return tuple(sorted(words))


@functools.lru_cache(maxsize=1 << 16)
def _required_words(glob: Glob) -> tuple[str, ...]:
    """The words every text of the glob holds as whole words (space-separated), sorted;
    once per distinct glob."""
    found = set()
    last = len(glob.literals) - 1
    for number, literal in enumerate(glob.literals):
        words = literal.split(" ")
        for position, word in enumerate(words):
            starts = position > 0 or number == 0
            ends = position < len(words) - 1 or number == last
            if word and starts and ends:
                found.add(word)
    return tuple(sorted(found))


@functools.lru_cache(maxsize=1 << 16)
def _key(pattern: str) -> str:
    """Regexes compare as written; other patterns as normalized."""
    stripped = pattern.strip()
    return "regex:" + stripped if is_regex(stripped) else "text:" + normalize(pattern)
