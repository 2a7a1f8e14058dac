"""A radix trie of globs with star edges, walked once per text (the matcher's index).

Every glob that has a star is a path `lit0 -> * -> lit1 -> * -> ... -> litK`: literal
runs are compressed edges (one dict lookup on the first character, then one
`str.startswith` for the whole run), a star is a node's `star` child. A glob's entry sits
in `ends` of the node where its path ends. Globs share their prefixes, so the work of a
walk depends on the text and on how the patterns branch, not on how many there are.

The walk is an NFA simulation with memoized star nodes: a star entered at position `p`
may end at any `j >= p`; the continuations out of a star node are found with `str.find`
(for the few distinct labels usually there) or by a dict lookup per position, and a star
node already entered at `p` is never expanded again from a later position. Each
(node, position) pair is therefore visited at most once.
"""

from __future__ import annotations

from bisect import insort

import attrs

from botc.runtime.matching.trigger_entry import Entry

# With at most this many labels out of a star node, `str.find` each label; otherwise
# look every position up in the node's dict.
_FIND_LABELS_UP_TO = 6


@attrs.define(slots=True, eq=False)
class TrieNode:
    """A node: `label` is the literal run on the edge into it (empty for a star node)."""

    label: str = ""
    edges: dict[str, TrieNode] = attrs.field(factory=dict)
    star: TrieNode | None = None
    ends: list[Entry] = attrs.field(factory=list)


def insert_glob(root: TrieNode, literals: tuple[str, ...], entry: Entry) -> None:
    """Add the path of a glob (`literals` around its stars) and record `entry` at its end."""
    node = root
    for index, literal in enumerate(literals):
        if index:
            if node.star is None:
                node.star = TrieNode()
            node = node.star
        node = _insert_literal(node, literal)
    insort(node.ends, entry)  # kept best first


def _insert_literal(node: TrieNode, text: str) -> TrieNode:
    """Follow or create the compressed edges spelling `text`; returns the node at its end."""
    while text:
        child = node.edges.get(text[0])
        if child is None:
            child = TrieNode(label=text)
            node.edges[text[0]] = child
            return child
        label = child.label
        common = _common_prefix(label, text)
        if common < len(label):
            # split the edge: node -> middle (shared part) -> child (the rest)
            middle = TrieNode(label=label[:common])
            child.label = label[common:]
            middle.edges[child.label[0]] = child
            node.edges[text[0]] = middle
            child = middle
        node = child
        text = text[common:]
    return node


def _common_prefix(left: str, right: str) -> int:
    limit = min(len(left), len(right))
    at = 0
    while at < limit and left[at] == right[at]:
        at += 1
    return at


def walk(root: TrieNode, text: str, found: list[Entry]) -> None:
    """Append to `found` the entries of every glob in the trie that matches all of `text`."""
    size = len(text)
    entered: dict[TrieNode, int] = {}  # star node -> lowest start already expanded
    pending: list[tuple[TrieNode, int]] = [(root, 0)]
    while pending:
        node, position = pending.pop()
        while True:
            star = node.star
            if star is not None:
                _enter_star(star, text, position, entered, pending, found)
            if position == size:
                if node.ends:
                    found.extend(node.ends)
                break
            child = node.edges.get(text[position])
            if child is None or not text.startswith(child.label, position):
                break
            position += len(child.label)
            node = child


def _enter_star(
    star: TrieNode,
    text: str,
    start: int,
    entered: dict[TrieNode, int],
    pending: list[tuple[TrieNode, int]],
    found: list[Entry],
) -> None:
    """A star begins at `start`: queue every place where it may end and the path goes on."""
    # ends at or after `stop` were queued when this star was entered earlier
    stop = entered.get(star, len(text) + 1)
    if start >= stop:
        return
    entered[star] = start
    if star.ends:
        found.extend(star.ends)
    if star.star is not None:
        # two stars in a row: the first may end anywhere, the node walk does the rest
        pending.extend((star, end) for end in range(start, stop))
        return
    edges = star.edges
    if len(edges) <= _FIND_LABELS_UP_TO:
        for child in edges.values():
            label = child.label
            at = text.find(label, start)
            while 0 <= at < stop:
                pending.append((child, at + len(label)))
                at = text.find(label, at + 1)
        return
    for at in range(start, min(stop, len(text))):
        after = edges.get(text[at])
        if after is not None and text.startswith(after.label, at):
            pending.append((after, at + len(after.label)))
