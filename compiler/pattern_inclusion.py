"""Does every text of one pattern also match another? Decided on globs.

A glob `g` is included in a glob `w` exactly when `w` matches `g`'s skeleton — `g`'s
literals with one character no literal holds in place of each star: that character can
only be taken by a star of `w`, and a star takes anything put in its place. A pattern is
included in a set of patterns when each of its (over-approximating) globs is included in
one glob of theirs (exact globs only: a coverer must take every text it is said to).
This is sufficient, never a guess: a finding built on it is a real inclusion.

Small regexes with no glob form (`^[1-9]$` in `^[0-9]{1,2}$`) are compared as automata
with `greenery`, imported only when such a pair is met.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from botc.compiler.pattern_languages import glob_matches
from botc.compiler.regex_globs import STAR, exact_globs, over_globs, witnesses
from botc.runtime.matching.pattern_globs import Glob


def glob_included(inner: Glob, outer: Glob) -> bool:
    return glob_matches(outer, STAR.join(inner.literals))


def globs_included(inner: Sequence[Glob], outers: Sequence[Glob]) -> bool:
    """Every glob of `inner` within some glob of `outers` (and `inner` not empty)."""
    return bool(inner) and all(any(glob_included(g, w) for w in outers) for g in inner)


@lru_cache(maxsize=4096)
def regex_included(inner: str, earlier: tuple[str, ...]) -> bool:
    """True when every text `inner` fully matches, one of `earlier` fully matches too
    (decided once per distinct question: a bot's `ask`s repeat their branches)."""
    outers = [globs for globs in (_exact_globs(r) for r in earlier) if globs is not None]
    inner_globs = over_globs(inner)
    if inner_globs is not None and not _case_blind(inner):
        flat = [glob for globs in outers for glob in globs]
        if globs_included(inner_globs, flat):
            return True
    if any(any(g.literals == ("", "") for g in globs) for globs in outers):
        return True  # an earlier `.*` takes everything
    return _automata_included(inner, earlier)


# A `when` is compared with every `when` before it: each regex's globs, its compiled form
# and its size are worked out once (a question with a thousand `when`s took minutes: `re`
# keeps only 512 compiled patterns, and every pair compiled both again).
_exact_globs = lru_cache(maxsize=4096)(exact_globs)


def _case_blind(regex: str) -> bool:
    compiled = _compiled(regex)
    return compiled is None or bool(compiled.flags & re.IGNORECASE)


@lru_cache(maxsize=4096)
def _compiled(regex: str) -> re.Pattern[str] | None:
    try:
        return re.compile(regex)
    except re.error:
        return None


def _compiles(regex: str) -> bool:
    return _compiled(regex) is not None


# what greenery is given: literal characters, classes of them, groups, alternatives and
# counted repetitions; `.`, negated classes and flags make its automata far too slow
_SMALL = re.compile(r"[\w\s\[\]\-(){},|?+*^$:\\]*")


def _automata_included(inner: str, earlier: Sequence[str]) -> bool:
    candidates = [inner, *earlier]
    if not all(_small(regex) for regex in candidates):
        return False
    compiled = [_compiled(regex) for regex in earlier]
    for text in witnesses(inner):
        if not any(regex is not None and regex.fullmatch(text) for regex in compiled):
            return False  # a text of `inner` no earlier regex takes: refuted, no automata
    try:
        import greenery  # type: ignore[import-untyped]  # imported only when needed: slow

        automata = [greenery.parse(_unanchored(r)).to_fsm() for r in candidates]
    except Exception:  # greenery refuses a construct: no finding, rather than a guess
        return False
    union = automata[1]
    for automaton in automata[2:]:
        union = union | automaton
    return bool(automata[0].issubset(union))


@lru_cache(maxsize=4096)
def _small(regex: str) -> bool:
    return (
        _compiles(regex)
        and _SMALL.fullmatch(regex) is not None
        and "." not in regex
        and "[^" not in regex
        and "(?" not in regex.replace("(?:", "")
        and not re.search(r"\\[A-Za-z]", regex.replace("\\d", "[0-9]"))
    )


def _unanchored(regex: str) -> str:
    regex = regex.replace("\\d", "[0-9]")
    if regex.startswith("^"):
        regex = regex[1:]
    if regex.endswith("$") and not regex.endswith("\\$"):
        regex = regex[:-1]
    return regex
