"""The `user says` patterns of a module as the matcher sees them, for the flow analyses.

`module_patterns(module)` lists every well-formed pattern with its rank (LANGUAGE.md 4.2:
exact first, then more literal characters, then file order; a `/regex/` is not exact and
has no literal characters), its globs (`runtime.matching.pattern_globs`, the one statement of what
a wildcard pattern matches) or its regex. `route(patterns, text)` is the winner for a
normalized text, as `runtime.matching.matcher` would choose it; the analyses use it on the texts
they know (quick-reply titles, upload outcomes) without building the runtime's index.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Sequence
from typing import TypeAlias

import attrs

from botc.compiler.patterns import PatternError, checked_pattern, flat_forms, is_regex
from botc.dsl.ast import Module, Str, UserSays
from botc.runtime.matching.pattern_globs import Glob
from botc.runtime.normalize import normalize


@attrs.frozen
class ModulePattern:
    """One pattern: where it is written, whose it is, and what it matches."""

    source: Str
    dialog: int
    order: int
    exact: bool
    literal: int
    excludes: re.Pattern[str] | None
    globs: tuple[Glob, ...]  # empty for a regex
    regex: re.Pattern[str] | None
    captures: int  # how many `star[i]` it gives
    rank: tuple[int, int, int] = attrs.field(init=False, repr=False)
    """Lower ranks win (worked out once: the analyses compare ranks often)."""

    @rank.default
    def _rank(self) -> tuple[int, int, int]:
        return (0 if self.exact else 1, -self.literal, self.order)

    def matches(self, text: str) -> bool:
        """True when the pattern takes the normalized `text` (its excludes included)."""
        if self.excludes is not None and self.excludes.search(text):
            return False
        if self.regex is not None:
            return self.regex.fullmatch(text) is not None
        return any(glob_matches(glob, text) for glob in self.globs)


def module_patterns(module: Module) -> list[ModulePattern]:
    """Every pattern that parses, in file order (the others are reported elsewhere).
    Several checks ask for the same module's patterns: the last answer is kept, with a
    weak reference to its module (the cache does not keep a module alive)."""
    cached = _LAST.get(id(module))
    if cached is not None and cached[0]() is module:
        return cached[1]
    found = _module_patterns(module)
    _LAST.clear()
    _LAST[id(module)] = (weakref.ref(module), found)
    return found


_LAST: dict[int, tuple[weakref.ref[Module], list[ModulePattern]]] = {}


def _module_patterns(module: Module) -> list[ModulePattern]:
    found: list[ModulePattern] = []
    order = 0
    for index, dialog in enumerate(module.dialogs):
        for trigger in dialog.triggers:
            if not isinstance(trigger, UserSays):
                continue
            excludes = _excludes([normalize(word.value) for word in trigger.excludes])
            for pattern in trigger.patterns:
                made = _pattern(pattern, index, order, excludes)
                order += 1
                if made is not None:
                    found.append(made)
    return found


def route(patterns: Sequence[ModulePattern], text: str) -> ModulePattern | None:
    """The pattern that wins the normalized `text`, or None when none matches."""
    best: ModulePattern | None = None
    for pattern in patterns:
        if (best is None or pattern.rank < best.rank) and pattern.matches(text):
            best = pattern
    return best


def glob_matches(glob: Glob, text: str) -> bool:
    """A glob `lit0 * lit1 ... * litK` takes the whole text (leftmost literals first)."""
    literals = glob.literals
    if len(literals) == 1:
        return text == literals[0]
    first, last = literals[0], literals[-1]
    if len(text) < len(first) + len(last) or not text.startswith(first):
        return False
    if not text.endswith(last):
        return False
    position, end = len(first), len(text) - len(last)
    for literal in literals[1:-1]:
        at = text.find(literal, position, end)
        if at < 0:
            return False
        position = at + len(literal)
    return True


def _pattern(
    pattern: Str, dialog: int, order: int, excludes: re.Pattern[str] | None
) -> ModulePattern | None:
    try:
        shape = _shape(pattern.value)
    except RecursionError:  # not cached: it depends on the stack of the call
        return None
    if shape is None:
        return None
    exact, literal, globs, regex, captures = shape
    return ModulePattern(
        pattern, dialog, order, exact, literal, excludes, globs, regex, captures
    )


_Shape: TypeAlias = tuple[bool, int, tuple[Glob, ...], re.Pattern[str] | None, int]


@functools.lru_cache(maxsize=1 << 16)
def _shape(written: str) -> _Shape | None:
    """What the pattern written `written` matches (exact, literal characters, globs,
    regex, captures), or None when it does not parse; once per distinct text."""
    stripped = written.strip()
    text = stripped if is_regex(stripped) else normalize(written)
    try:
        parsed = checked_pattern(text)
        if parsed.regex is not None:
            regex = re.compile(parsed.regex)
            return (False, 0, (), regex, regex.groups)
        expansion = flat_forms(text)  # the same parse: items as `parse_pattern` made them
    except (PatternError, re.error):
        return None
    if isinstance(expansion, str):  # more forms than the matcher takes
        return None
    return (parsed.exact, parsed.literal, expansion.globs, None, expansion.star_count)


def _excludes(words: list[str]) -> re.Pattern[str] | None:
    """The runtime's exclude rule: any of the words as a whole word."""
    words = [word for word in words if word]
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
