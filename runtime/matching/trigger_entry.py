"""What the matcher's index stores for each glob: a rank to sort by and what it leads to.

The tries (`runtime/matching/word_trie.py`, `runtime/matching/pattern_trie.py`) keep
`Entry` tuples at the nodes where globs end and never look inside them;
`runtime/matching/matcher.py` makes and reads them. Everything `route` needs once a glob
has matched sits in the one `Target`, so that a route touches few objects (at 50,000
patterns each object touched is likely a cache miss).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from botc.runtime.regex_dialect import Regex


class Target(NamedTuple):
    """A glob (or a regex) of one pattern: the pattern's `order`, `dialog`, rank facts and
    excludes, and what is needed for captures (`literals` around `stars`, their written
    numbers, how many stars the pattern has, or the compiled `regex`).

    A NamedTuple rather than attrs: one per glob, made 100,000s of times at load."""

    order: int
    dialog: int
    exact: bool
    excludes: re.Pattern[str] | None
    literals: tuple[str, ...]
    stars: tuple[int, ...]
    star_count: int
    regex: Regex | None


# (rank, glob number in the pattern, target): sorting entries puts the best pattern first,
# and its earliest glob first among its own; (rank, number) is unique, so targets are
# never compared.
Entry = tuple[int, int, Target]
