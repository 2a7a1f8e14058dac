"""The trigger matcher: which `user says` pattern a normalized text starts (LANGUAGE.md 4.1-4.2).

`TriggerIndex.build(patterns)` takes the table's `triggers.patterns` once, at load;
`index.route(text)` takes a *normalized* text (`runtime.normalize.normalize`) and returns
the winning `Match(pattern, dialog, star)` or None.

Precise semantics (the naive `tests/runtime/reference_matcher.py` implements the same):

- A wildcard pattern stands for its globs (`runtime/pattern_globs.py`): each choice
  takes one alternative, each optional is present or absent (taking one adjacent space
  when absent), each star is kept, or, when it matches nothing, may take one adjacent
  space with it. A glob `lit0 * lit1 ... * litK` matches a text when the text is `lit0`,
  then anything, then `lit1`, ..., then `litK`: the whole text, never a part of it.
- A `/regex/` pattern matches when `re.fullmatch(regex, text)` does.
- Excludes: a pattern does not match a text that contains one of its exclude words as a
  whole word (no word character, `\\w`, right before or right after it).
- Rank: `exact` beats not exact, then the higher `literal`, then the lower `order` (the
  table's fields; docs/TABLE.md). The best-ranked matching pattern wins.
- Captures (`star`): one per `*` written in the pattern, in written order. The winning
  pattern's globs are tried in their order (choices in written order, optionals present
  first, stars kept first, then dropped with the space before, then after); the first
  glob that matches decides. In it the leftmost star is as short as possible, then the
  next, and so on (what `(.*?)` does in `re`). A star not in that glob captures "".
  A regex pattern's captures are its groups (a group that took no part is ""). Every
  capture is trimmed of white space.

The text must be normalized (single spaces, none at the ends): the word trie relies on it.

How: glob forms without stars go to a dict keyed by the whole text; word-aligned globs
(every star between spaces or at an end) go into a trie of whole words with star edges
(`runtime/word_trie.py`), the rest into a radix trie of characters with star edges
(`runtime/pattern_trie.py`); each trie is walked once per text, so the cost of a route
does not grow with the number of patterns. Only `/regex/` patterns
(rare) are tried one by one. Captures are split afterwards from the one winning glob
with `str.find` (greedy leftmost search is exactly "leftmost star shortest" for globs).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Mapping, Sequence

import attrs

from runtime.pattern_globs import Glob, PatternShapeError, expand_items
from runtime.pattern_trie import Entry, TrieNode, insert_glob, sort_ends, walk
from runtime.word_trie import WordNode, insert_words, sort_word_ends, walk_words, word_tokens

__all__ = ["Match", "PatternShapeError", "TriggerIndex"]

# rank = _NOT_EXACT * (1 - exact) + _LITERAL * (_LITERAL_LIMIT - literal) + slot: lower wins
_SLOT_LIMIT = 1 << 24
_LITERAL_LIMIT = 1 << 20
_LITERAL = _SLOT_LIMIT
_NOT_EXACT = _LITERAL * _LITERAL_LIMIT


@attrs.frozen
class Match:
    """The winning pattern (its `order` in the table), its dialog, and its captures."""

    pattern: int
    dialog: int
    star: tuple[str, ...]


@attrs.frozen
class _Pattern:
    order: int
    dialog: int
    exact: bool
    excludes: re.Pattern[str] | None
    globs: tuple[Glob, ...]
    star_count: int
    regex: re.Pattern[str] | None


@attrs.frozen
class TriggerIndex:
    """The patterns of one table, indexed for `route`."""

    patterns: tuple[_Pattern, ...]
    whole: Mapping[str, tuple[Entry, ...]]
    words: WordNode
    trie: TrieNode
    glued: bool  # some glob is in `trie` (a star touching a word)
    regexes: tuple[tuple[int, int], ...]  # (rank, slot) of the /regex/ patterns, best first

    @classmethod
    def build(cls, patterns: Sequence[Mapping[str, object]]) -> TriggerIndex:
        """Table pattern dicts -> an index; raises PatternShapeError (a ValueError) naming
        the pattern when one is malformed."""
        if len(patterns) >= _SLOT_LIMIT:
            raise PatternShapeError(f"too many patterns ({len(patterns)})")
        # building makes many small objects that all live on: collecting them is wasted work
        collecting = gc.isenabled()
        gc.disable()
        try:
            return cls._build(patterns)
        finally:
            if collecting:
                gc.enable()

    @classmethod
    def _build(cls, patterns: Sequence[Mapping[str, object]]) -> TriggerIndex:
        compiled: list[_Pattern] = []
        whole: dict[str, list[Entry]] = {}
        words = WordNode()
        trie = TrieNode()
        glued = False
        regexes: list[tuple[int, int]] = []
        for slot, raw in enumerate(patterns):
            try:
                pattern = _compiled(raw)
            except PatternShapeError as problem:
                where = f"triggers.patterns[{slot}]"
                line = raw.get("line") if isinstance(raw, Mapping) else None
                if isinstance(line, int):
                    where += f" (line {line})"
                raise PatternShapeError(f"{where}: {problem}") from None
            compiled.append(pattern)
            rank = _rank(raw, slot)
            if pattern.regex is not None:
                regexes.append((rank, slot))
            for number, glob in enumerate(pattern.globs):
                entry = (rank, number, slot)
                if not glob.stars:
                    whole.setdefault(glob.text, []).append(entry)
                    continue
                tokens = word_tokens(glob.literals)
                if tokens is not None:
                    insert_words(words, tokens, entry)
                else:
                    insert_glob(trie, glob.literals, entry)
                    glued = True
        sort_word_ends(words)
        sort_ends(trie)
        return cls(
            patterns=tuple(compiled),
            whole={text: tuple(sorted(entries)) for text, entries in whole.items()},
            words=words,
            trie=trie,
            glued=glued,
            regexes=tuple(sorted(regexes)),
        )

    def route(self, normalized_text: str) -> Match | None:
        """A normalized text -> the best-ranked matching pattern with its captures, or None."""
        text = normalized_text
        hits = self.whole.get(text)
        if hits is not None:
            best = self.patterns[hits[0][2]]
            # an exact pattern beats every wildcard, so the trie has nothing better
            if best.exact and (best.excludes is None or not best.excludes.search(text)):
                return Match(pattern=best.order, dialog=best.dialog, star=())
        found: list[Entry] = list(hits) if hits is not None else []
        walk_words(self.words, text.split(" "), found)
        if self.glued:
            walk(self.trie, text, found)
        for rank, slot in self.regexes:
            regex = self.patterns[slot].regex
            if regex is not None and regex.fullmatch(text):
                found.append((rank, 0, slot))
        if not found:
            return None
        found.sort()
        excluded = -1
        for _, number, slot in found:
            if slot == excluded:
                continue
            pattern = self.patterns[slot]
            if pattern.excludes is not None and pattern.excludes.search(text):
                excluded = slot
                continue
            return Match(pattern=pattern.order, dialog=pattern.dialog, star=_captures(pattern, number, text))
        return None


def _rank(raw: Mapping[str, object], slot: int) -> int:
    literal = raw.get("literal")
    if not isinstance(literal, int) or not 0 <= literal < _LITERAL_LIMIT:
        raise PatternShapeError(f"triggers.patterns[{slot}]: `literal` must be a count, not {literal!r}")
    exact = raw.get("exact") is True
    return (0 if exact else _NOT_EXACT) + _LITERAL * (_LITERAL_LIMIT - 1 - literal) + slot


def _compiled(raw: object) -> _Pattern:
    """One table pattern dict -> its compiled form; raises PatternShapeError."""
    if not isinstance(raw, Mapping):
        raise PatternShapeError(f"a pattern must be an object, not {type(raw).__name__}")
    order, dialog = raw.get("order"), raw.get("dialog")
    if not isinstance(order, int) or not isinstance(dialog, int):
        raise PatternShapeError("`order` and `dialog` must be integers")
    excludes = _excludes(raw.get("excludes", []))
    source = raw.get("regex")
    if source is not None:
        if not isinstance(source, str):
            raise PatternShapeError("`regex` must be a string or null")
        try:
            regex = re.compile(source)
        except re.error as problem:
            raise PatternShapeError(f"bad regular expression /{source}/: {problem}") from None
        return _Pattern(
            order=order, dialog=dialog, exact=False, excludes=excludes, globs=(),
            star_count=regex.groups, regex=regex,
        )
    expansion = expand_items(raw.get("pattern"))
    return _Pattern(
        order=order,
        dialog=dialog,
        exact=raw.get("exact") is True,
        excludes=excludes,
        globs=expansion.globs,
        star_count=expansion.star_count,
        regex=None,
    )


def _excludes(words: object) -> re.Pattern[str] | None:
    """Exclude words -> one search regex for any of them as a whole word, or None."""
    if not isinstance(words, list | tuple) or not all(isinstance(w, str) and w for w in words):
        raise PatternShapeError(f"`excludes` must be a list of non-empty words, not {words!r}")
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _captures(pattern: _Pattern, number: int, text: str) -> tuple[str, ...]:
    """The captures of `pattern` on `text` when its glob `number` is the first that matches."""
    if pattern.regex is not None:
        found = pattern.regex.fullmatch(text)
        assert found is not None, "a regex candidate matched before"
        return tuple((group or "").strip() for group in found.groups())
    glob = pattern.globs[number]
    captures = [""] * pattern.star_count
    if not glob.stars:
        return tuple(captures)
    for star, (start, end) in zip(glob.stars, _star_spans(glob.literals, text), strict=True):
        captures[star] = text[start:end].strip()
    return tuple(captures)


def _star_spans(literals: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """Where each star of a matching glob lies, leftmost stars shortest."""
    position = len(literals[0])
    end = len(text) - len(literals[-1])
    spans: list[tuple[int, int]] = []
    for literal in literals[1:-1]:
        at = text.find(literal, position, end)
        assert at >= 0, "the glob matched in the trie"
        spans.append((position, at))
        position = at + len(literal)
    spans.append((position, end))
    return spans
