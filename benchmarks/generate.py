"""Generated routing bots for `benchmarks/routing.py`: the same rules for botc, RiveScript, AIML.

`generate_rules(count, seed)` makes `count` rules (one dialog each): 50% exact phrases of
3-6 words, 40% with one `*` (at the start, in the middle or at the end), 10% with two.
Every rule has words of its own (made-up three-syllable words, never shared between
rules), so a query is matched by exactly one rule in every engine and the three engines'
different tie-breaking rules never decide an answer. Stars are filled in queries with one
to three *filler* words (real English words that no rule uses), because a RiveScript or
AIML `*` needs at least one word while a botc `*` may match nothing.

`generate_queries(rules, count, seed)`: 40% exact hits (some capitalized, some with a
trailing `?` or `!`, to include normalization), 40% wildcard hits, 20% misses (half filler
words only, half near misses: an exact rule with its last word swapped for a filler).

Renderers: `table_patterns` (botc table pattern dicts, docs/TABLE.md, built directly so that
the benchmark does not need the compiler), `rivescript_source`, `aiml_source`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

import attrs

_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
FILLERS = [
    "please",
    "what",
    "the",
    "now",
    "today",
    "thanks",
    "okay",
    "so",
    "hey",
    "well",
    "just",
    "about",
    "my",
    "your",
    "this",
    "that",
    "really",
    "quick",
    "question",
    "need",
    "want",
    "help",
    "again",
    "also",
    "maybe",
    "could",
    "would",
    "show",
    "check",
]


@attrs.frozen
class Rule:
    """One dialog's trigger: `tokens` are words and `*`; `dialog` is its index."""

    dialog: int
    tokens: tuple[str, ...]

    @property
    def stars(self) -> int:
        return self.tokens.count("*")


@attrs.frozen
class Query:
    """A consumer text and the dialog that must answer it (None: no rule matches)."""

    text: str
    expected: int | None
    kind: str  # "exact", "wildcard" or "miss"


def _words(rng: random.Random, count: int) -> list[str]:
    """`count` different made-up words (three consonant-vowel syllables), in random order."""
    syllables = [c + v for c in _CONSONANTS for v in _VOWELS]
    base = len(syllables)
    return [
        syllables[n // base**2] + syllables[n // base % base] + syllables[n % base]
        for n in rng.sample(range(base**3), count)
    ]


def generate_rules(count: int, seed: int = 1) -> list[Rule]:
    """`count` rules with the fixed mix of exact, one-star and two-star shapes."""
    rng = random.Random(seed)
    words = iter(_words(rng, 6 * count))  # a rule has at most 6 words
    rules = []
    for dialog in range(count):
        kind = dialog % 10  # 0-4 exact, 5-8 one star, 9 two stars, spread evenly
        if kind < 5:
            tokens = [next(words) for _ in range(rng.randint(3, 6))]
        else:
            literal = [next(words) for _ in range(rng.randint(2, 4))]
            slots = list(range(len(literal) + 1))
            stars = 1 if kind < 9 else 2
            # distinct slots: two stars always have a word between them
            chosen = rng.sample(slots, stars)
            tokens = []
            for slot in slots:
                if slot in chosen:
                    tokens.append("*")
                if slot < len(literal):
                    tokens.append(literal[slot])
        rules.append(Rule(dialog=dialog, tokens=tuple(tokens)))
    rng.shuffle(rules)
    return rules


def generate_queries(rules: Sequence[Rule], count: int, seed: int = 2) -> list[Query]:
    """`count` queries: 40% exact hits, 40% wildcard hits, 20% misses."""
    rng = random.Random(seed)
    exact = [rule for rule in rules if not rule.stars]
    wild = [rule for rule in rules if rule.stars]
    queries = []
    for number in range(count):
        share = number % 10
        if share < 4:
            rule = rng.choice(exact)
            queries.append(Query(_decorated(rng, " ".join(rule.tokens)), rule.dialog, "exact"))
        elif share < 8:
            rule = rng.choice(wild)
            text = " ".join(_filler(rng) if token == "*" else token for token in rule.tokens)
            queries.append(Query(_decorated(rng, text), rule.dialog, "wildcard"))
        elif share == 8:
            queries.append(Query(_filler(rng, 3, 6), None, "miss"))
        else:
            tokens = list(rng.choice(exact).tokens)
            tokens[-1] = rng.choice(FILLERS)
            queries.append(Query(" ".join(tokens), None, "miss"))
    rng.shuffle(queries)
    return queries


def _filler(rng: random.Random, low: int = 1, high: int = 3) -> str:
    return " ".join(rng.choice(FILLERS) for _ in range(rng.randint(low, high)))


def _decorated(rng: random.Random, text: str) -> str:
    """The text as a person might type it: sometimes capitalized, sometimes with `?`/`!`."""
    if rng.random() < 0.5:
        text = text[0].upper() + text[1:]
    return text + rng.choice(("", "", "?", "!"))


def table_patterns(rules: Sequence[Rule]) -> list[dict[str, Any]]:
    """The rules as botc table pattern dicts (docs/TABLE.md), in rule order."""
    patterns = []
    for order, rule in enumerate(rules):
        source = " ".join(rule.tokens)
        patterns.append(
            {
                "dialog": rule.dialog,
                "source": source,
                "pattern": _items(source),
                "regex": None,
                "excludes": [],
                "exact": not rule.stars,
                "literal": sum(len(token) for token in rule.tokens if token != "*"),
                "order": order,
                "line": order + 1,
            }
        )
    return patterns


def _items(source: str) -> list[dict[str, Any]]:
    """`w1 * w2` -> text/star items, spaces kept on the text items (docs/TABLE.md)."""
    items: list[dict[str, Any]] = []
    for index, part in enumerate(source.split("*")):
        if index:
            items.append({"star": True})
        if part:
            items.append({"text": part})
    return items


def rivescript_source(rules: Sequence[Rule]) -> str:
    """The rules as RiveScript: `+ trigger` / `- d<dialog>`."""
    return "\n".join(f"+ {' '.join(rule.tokens)}\n- d{rule.dialog}\n" for rule in rules)


def aiml_source(rules: Sequence[Rule]) -> str:
    """The rules as one AIML 1.0.1 document: a category per rule, template `d<dialog>`."""
    categories = "".join(
        f"<category><pattern>{escape(' '.join(rule.tokens).upper())}</pattern>"
        f"<template>d{rule.dialog}</template></category>\n"
        for rule in rules
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<aiml version="1.0.1">\n{categories}</aiml>\n'
