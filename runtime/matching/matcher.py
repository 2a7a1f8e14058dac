"""The trigger matcher: which `user says` pattern a normalized text starts (LANGUAGE.md 4.1-4.2).

`TriggerIndex.build(patterns)` takes the table's `triggers.patterns` once, at load;
`index.route(text)` takes a *normalized* text (`runtime.normalize.normalize`) and returns
the winning `Match(pattern, dialog, star)` or None.

Precise semantics (the naive `tests/runtime/reference_matcher.py` implements the same,
and a Hypothesis property holds the index to it):

- A wildcard pattern stands for its globs (`runtime/matching/pattern_globs.py` spells out how):
  each choice takes one alternative (an empty one takes no space with it), each optional
  is present or absent (an absent one takes one adjacent space with it: the one before
  it, else the one after it), and each star is kept, or, next to a space, may be dropped
  together with that one space (a star that matches nothing takes its space with it). A
  glob `lit0 * lit1 ... * litK` matches a text that is `lit0`, then any run of characters,
  then `lit1`, ..., then `litK`: the whole text, never a part of it. A pattern matches
  when one of its globs does.
- A `/regex/` pattern matches when the regex matches the whole text; it runs in RE2
  (`runtime/regex_dialect.py`), in time linear in the text.
- Excludes: a pattern does not match a text that contains one of its exclude words as a
  whole word (no word character, `\\w`, right before or right after it).
- Rank: `exact` beats not exact, then the higher `literal`, then the lower `order` (the
  table's fields, docs/TABLE.md; `order` is the index in the array). The best-ranked
  matching pattern wins; when it is excluded, the next best.
- Captures (`star`): one per `*` written in the pattern, numbered in written order
  (depth first). The winning pattern's globs are tried in order (earlier decisions
  varying slowest: alternatives in written order, optionals present before absent, stars
  kept before dropped with the space before, before dropped with the space after); the
  first glob that matches decides. In it the leftmost star is as short as possible, then
  the next, and so on (what `(.*?)` does in `re`). A star not in that glob (dropped, in an
  absent optional or an alternative not taken) captures "". A regex pattern's captures
  are its groups (a group that took no part is ""). Every capture is trimmed of spaces;
  the Match says where each lies, so the runtime hands the dialog the consumer's own
  characters there (case kept, `runtime.normalize.typed_captures`).
- A pattern with more than `pattern_globs.MAX_GLOBS` globs is refused at build.

The text must be normalized (single spaces, none at the ends), as `route` callers do.

How: globs without stars go to a dict keyed by the whole text (where a text an exact
pattern wins outright maps straight to its Match); word-aligned globs (every star between
spaces or at an end) go into a trie of whole words with star edges
(`runtime/matching/word_trie.py`), the rest into a radix trie of characters with star edges
(`runtime/matching/pattern_trie.py`). Each trie is walked once per text, visiting each
(node, position) pair at most once, so the work of a route depends on the text and on how
the patterns branch along it, not on the number of patterns. Only `/regex/` patterns (rare)
are tried one by one. Captures are split afterwards from the one winning glob with
`str.find` (for a glob, the earliest occurrence of each literal in turn is exactly
"leftmost star shortest").
"""

from __future__ import annotations

import gc
import re
from collections.abc import Mapping, Sequence

import attrs

from botc.runtime.matching.pattern_globs import Glob, PatternShapeError, expand_items
from botc.runtime.matching.pattern_trie import TrieNode, insert_glob, walk
from botc.runtime.matching.trigger_entry import Entry, Target
from botc.runtime.matching.word_trie import WordNode, insert_words, walk_words, word_tokens
from botc.runtime.regex_dialect import RegexProblem, compile_regex

__all__ = ["Match", "PatternShapeError", "TriggerIndex"]

# rank = _NOT_EXACT * (1 - exact) + _LITERAL * (_LITERAL_LIMIT - literal) + slot: lower wins
_SLOT_LIMIT = 1 << 24
_LITERAL_LIMIT = 1 << 20
_LITERAL = _SLOT_LIMIT
_NOT_EXACT = _LITERAL * _LITERAL_LIMIT


@attrs.frozen
class Match:
    """The winning pattern (its `order` in the table), its dialog, and its captures.

    `star` holds the captures as they are in the normalized text; `spans` says where each
    lies in it (start, end), so that the caller can take the consumer's own characters
    (`runtime.normalize.typed_captures`). An empty capture's span is empty."""

    pattern: int
    dialog: int
    star: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = attrs.field(default=(), eq=False)


@attrs.frozen
class _Pattern:
    """One table pattern, compiled: its targets are one per glob, or one for a regex."""

    targets: tuple[Target, ...]
    globs: tuple[Glob, ...]


@attrs.frozen
class TriggerIndex:
    """The patterns of one table, indexed for `route`."""

    # whole texts: the Match when an exact pattern without excludes wins it outright,
    # else the entries of the globs without stars that spell it
    whole: Mapping[str, Match | tuple[Entry, ...]]
    words: WordNode
    trie: TrieNode
    glued: bool  # some glob is in `trie` (a star touching a word)
    regexes: tuple[Entry, ...]  # the /regex/ patterns, best first

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
        whole: dict[str, list[Entry]] = {}
        words = WordNode()
        trie = TrieNode()
        glued = False
        regexes: list[Entry] = []
        for slot, raw in enumerate(patterns):
            try:
                pattern = _compiled(raw)
                rank = _rank(raw, slot)
            except PatternShapeError as problem:
                where = f"triggers.patterns[{slot}]"
                line = raw.get("line") if isinstance(raw, Mapping) else None
                if isinstance(line, int):
                    where += f" (line {line})"
                raise PatternShapeError(f"{where}: {problem}") from None
            if not pattern.globs:
                regexes.append((rank, 0, pattern.targets[0]))
                continue
            for number, (glob, target) in enumerate(
                zip(pattern.globs, pattern.targets, strict=True)
            ):
                entry = (rank, number, target)
                if not glob.stars:
                    whole.setdefault(glob.text, []).append(entry)
                    continue
                tokens = word_tokens(glob.literals)
                if tokens is not None:
                    insert_words(words, tokens, entry)
                else:
                    insert_glob(trie, glob.literals, entry)
                    glued = True
        return cls(
            whole={text: _settled(entries) for text, entries in whole.items()},
            words=words,
            trie=trie,
            glued=glued,
            regexes=tuple(sorted(regexes)),
        )

    def route(self, normalized_text: str) -> Match | None:
        """A normalized text -> the best-ranked matching pattern with its captures, or None."""
        text = normalized_text
        hits = self.whole.get(text)
        if hits is None:
            found: list[Entry] = []
        elif isinstance(hits, Match):
            return hits
        else:
            found = list(hits)
        walk_words(self.words, text.split(" "), found)
        if self.glued:
            walk(self.trie, text, found)
        for entry in self.regexes:
            regex = entry[2].regex
            if regex is not None and regex.fullmatch(text):
                found.append(entry)
        if len(found) > 1:
            found.sort()
        for _, _, target in found:
            if target.excludes is None or not target.excludes.search(text):
                spans = _capture_spans(target, text)
                return Match(
                    pattern=target.order,
                    dialog=target.dialog,
                    star=tuple(text[start:end] for start, end in spans),
                    spans=spans,
                )
        return None


def _settled(entries: list[Entry]) -> Match | tuple[Entry, ...]:
    """The entries of one whole text, best first, or the Match when nothing can beat it."""
    ranked = sorted(entries)
    best = ranked[0][2]
    # an exact pattern beats every wildcard, so whatever else matches cannot win
    if best.exact and best.excludes is None:
        return Match(pattern=best.order, dialog=best.dialog, star=())
    return tuple(ranked)


def _rank(raw: Mapping[str, object], slot: int) -> int:
    literal = raw.get("literal")
    if not isinstance(literal, int) or not 0 <= literal < _LITERAL_LIMIT:
        raise PatternShapeError(
            f"triggers.patterns[{slot}]: `literal` must be a count, not {literal!r}"
        )
    exact = raw.get("exact") is True
    return (0 if exact else _NOT_EXACT) + _LITERAL * (_LITERAL_LIMIT - 1 - literal) + slot


def _compiled(raw: object) -> _Pattern:
    """One table pattern dict -> its globs and targets; raises PatternShapeError."""
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
            regex = compile_regex(source)
        except RegexProblem as problem:
            raise PatternShapeError(f"/{source}/: {problem.message}") from None
        target = Target(order, dialog, False, excludes, (), (), regex.groups, regex)
        return _Pattern(targets=(target,), globs=())
    expansion = expand_items(raw.get("pattern"))
    exact = raw.get("exact") is True
    targets = tuple(
        Target(
            order, dialog, exact, excludes, glob.literals, glob.stars, expansion.star_count, None
        )
        for glob in expansion.globs
    )
    return _Pattern(targets=targets, globs=expansion.globs)


def _excludes(words: object) -> re.Pattern[str] | None:
    """Exclude words -> one search regex for any of them as a whole word, or None."""
    if isinstance(words, list) and not words:
        return None
    if not isinstance(words, list | tuple) or not all(isinstance(w, str) and w for w in words):
        raise PatternShapeError(f"`excludes` must be a list of non-empty words, not {words!r}")
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _capture_spans(target: Target, text: str) -> tuple[tuple[int, int], ...]:
    """Where the captures of a matching target lie in `text`, each trimmed of spaces."""
    if target.regex is not None:
        found = target.regex.fullmatch(text)
        assert found is not None, "a regex candidate matched before"
        groups = range(1, target.star_count + 1)
        return tuple(_trimmed(text, *found.span(group)) for group in groups)
    if not target.star_count:
        return ()
    spans = [(0, 0)] * target.star_count
    if target.stars:
        found_spans = _star_spans(target.literals, text)
        for star, (start, end) in zip(target.stars, found_spans, strict=True):
            spans[star] = _trimmed(text, start, end)
    return tuple(spans)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces at its ends; (0, 0) for a group that took no part."""
    if start < 0:
        return (0, 0)
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return (start, end) if start < end else (0, 0)


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
