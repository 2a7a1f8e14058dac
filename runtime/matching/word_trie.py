"""A trie of whole words with star edges: the fast path of the matcher's index.

Most globs are *word-aligned*: every star stands between spaces or at an end of the
glob (`* my balance *`, `hello *`). On a normalized text (single spaces, none at the
ends) such a star always matches one or more whole words, so the glob is a sequence of
words and stars, and matching it is a walk over the text's words with one dict lookup
per word. `word_tokens` says whether a glob is word-aligned (and spells it); the other
globs (`file_upload_success:*`) go to the character trie (`runtime/matching/pattern_trie.py`).

The walk is the same NFA simulation as the character trie's: a star entered at word `i`
may end after any word `j > i`; a star node already entered at `i` is not expanded again
from a later word, so each (node, word) pair is visited at most once.
"""

from __future__ import annotations

from bisect import insort

import attrs

from botc.runtime.matching.trigger_entry import Entry

STAR = None  # the star token in a spelled glob


@attrs.define(slots=True, eq=False)
class WordNode:
    """A node: `edges` by the next word, `star` for a star, `ends` for globs ending here."""

    edges: dict[str, WordNode] = attrs.field(factory=dict)
    star: WordNode | None = None
    ends: list[Entry] = attrs.field(factory=list)


def word_tokens(literals: tuple[str, ...]) -> list[str | None] | None:
    """The glob (`literals` around its stars) as words and STARs, or None when a star
    touches a word or another star, or a literal has a space no normalized text can match."""
    tokens: list[str | None] = []
    last = len(literals) - 1
    for index, literal in enumerate(literals):
        if index > 0:
            tokens.append(STAR)
        if not literal:
            if 0 < index < last:
                return None  # two stars side by side
            continue  # a star at the start or at the end
        words = literal.split(" ")
        if index > 0:
            if words[0]:
                return None  # the star before is glued to a word
            del words[0]
        if index < last:
            if not words or words[-1]:
                return None  # the star after is glued to a word
            del words[-1]
        if "" in words:
            return None
        tokens.extend(words)
    return tokens


def insert_words(root: WordNode, tokens: list[str | None], entry: Entry) -> None:
    """Add the path of a spelled glob and record `entry` at its end."""
    node = root
    for token in tokens:
        if token is STAR:
            if node.star is None:
                node.star = WordNode()
            node = node.star
        else:
            child = node.edges.get(token)
            if child is None:
                child = node.edges[token] = WordNode()
            node = child
    insort(node.ends, entry)  # kept best first


def walk_words(root: WordNode, words: list[str], found: list[Entry]) -> None:
    """Append to `found` the entries of every glob that matches all of `words`."""
    size = len(words)
    entered: dict[WordNode, int] = {}  # star node -> earliest word it was entered at
    pending: list[tuple[WordNode, int]] = [(root, 0)]
    while pending:
        node, at = pending.pop()
        while True:
            star = node.star
            if star is not None and at < size:
                # a star entered before at word `last` already tried every end after it
                last = entered.get(star, size)
                if at < last:
                    if star not in entered and star.ends:
                        found.extend(star.ends)
                    entered[star] = at
                    if star.star is not None:
                        pending.extend((star, end) for end in range(at + 1, last + 1))
                    else:
                        edges = star.edges
                        for end in range(at + 1, min(last + 1, size)):
                            child = edges.get(words[end])
                            if child is not None:
                                pending.append((child, end + 1))
            if at == size:
                if node.ends:
                    found.extend(node.ends)
                break
            child = node.edges.get(words[at])
            if child is None:
                break
            node = child
            at += 1
