"""The naive reference matcher: every pattern tried one by one with Python `re`.

It implements the semantics written in `runtime/matching/matcher.py`'s docstring as directly as
possible, with none of the index's machinery: a pattern is spelled out as strings
(stars and absent optionals as private-use characters), each string becomes one
`re.fullmatch` with a lazy named group per star, and the best rank wins. Slow, obvious,
and written separately so that the property tests can hold the index to it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

STAR_BASE = 0xE000  # star number k is chr(STAR_BASE + k)
GAP = "\uf8ff"  # an absent optional, until it has taken its space


def reference_route(
    patterns: Sequence[Mapping[str, Any]], text: str
) -> tuple[int, int, tuple[str, ...]] | None:
    """(pattern order, dialog, captures) of the best matching pattern, or None."""
    best: tuple[tuple[bool, int, int], tuple[int, int, tuple[str, ...]]] | None = None
    for pattern in patterns:
        captures = pattern_captures(pattern, text)
        if captures is None or is_excluded(pattern["excludes"], text):
            continue
        rank = (not pattern["exact"], -pattern["literal"], pattern["order"])
        if best is None or rank < best[0]:
            best = (rank, (pattern["order"], pattern["dialog"], captures))
    return None if best is None else best[1]


def pattern_captures(pattern: Mapping[str, Any], text: str) -> tuple[str, ...] | None:
    """The captures of one pattern on `text`, or None when it does not match."""
    if pattern["regex"] is not None:
        found = re.fullmatch(pattern["regex"], text)
        if found is None:
            return None
        return tuple((group or "").strip() for group in found.groups())
    counter = [0]
    structures = spelled(pattern["pattern"], counter)
    for form in dict.fromkeys(f for s in structures for f in star_choices(gaps_removed(s))):
        found = re.fullmatch(form_regex(form), text)
        if found is not None:
            groups = found.groupdict()
            return tuple((groups.get(f"s{k}") or "").strip() for k in range(counter[0]))
    return None


def spelled(items: Sequence[Mapping[str, Any]], counter: list[int]) -> list[str]:
    """Every choice/optional decision spelled out, in order; stars numbered as met."""
    per_item: list[list[str]] = []
    for item in items:
        if "text" in item:
            per_item.append([item["text"]])
        elif "star" in item:
            per_item.append([chr(STAR_BASE + counter[0])])
            counter[0] += 1
        elif "choice" in item:
            per_item.append([s for alt in item["choice"] for s in spelled(alt, counter)])
        else:
            per_item.append([*spelled(item["optional"], counter), GAP])
    return ["".join(parts) for parts in itertools.product(*per_item)]


def gaps_removed(form: str) -> str:
    """Each absent optional, left to right, goes with the space before it, else after it."""
    while GAP in form:
        at = form.index(GAP)
        after = at + 1
        while after < len(form) and form[after] == GAP:
            after += 1
        if at > 0 and form[at - 1] == " ":
            form = form[: at - 1] + form[at:]
            at -= 1
        elif after < len(form) and form[after] == " ":
            form = form[:after] + form[after + 1 :]
        form = form[:at] + form[at + 1 :]
    return form


def star_choices(form: str) -> list[str]:
    """Each star kept, or dropped with the space before it, or with the space after it."""
    forms = [form]
    for star in [c for c in form if ord(c) >= STAR_BASE and c != GAP]:
        grown = []
        for current in forms:
            grown.append(current)
            at = current.index(star)
            if at > 0 and current[at - 1] == " ":
                grown.append(current[: at - 1] + current[at + 1 :])
            if at + 1 < len(current) and current[at + 1] == " ":
                grown.append(current[:at] + current[at + 2 :])
        forms = grown
    return forms


def form_regex(form: str) -> str:
    """A spelled-out form -> its regex: stars lazy named groups, the rest literal."""
    return "".join(
        f"(?P<s{ord(c) - STAR_BASE}>.*?)" if ord(c) >= STAR_BASE else re.escape(c) for c in form
    )


def is_excluded(words: Sequence[str], text: str) -> bool:
    """True when one of `words` stands in `text` as a whole word."""
    for word in words:
        for found in re.finditer(f"(?={re.escape(word)})", text):  # overlapping too
            start, end = found.start(), found.start() + len(word)
            before = text[start - 1] if start > 0 else " "
            after = text[end] if end < len(text) else " "
            if not re.match(r"\w", before) and not re.match(r"\w", after):
                return True
    return False


def table_pattern(
    source: str, *, order: int, dialog: int | None = None, excludes: Sequence[str] = ()
) -> dict[str, Any]:
    """A table pattern dict (docs/TABLE.md) for a normalized pattern text, so that tests
    can write `"* my balance *"` instead of items; `dialog` defaults to `order`."""
    regex = source[1:-1] if len(source) >= 2 and source[0] == source[-1] == "/" else None
    items = None if regex is not None else _items(source, 0, "")[0]
    return {
        "dialog": order if dialog is None else dialog,
        "source": source,
        "pattern": items,
        "regex": regex,
        "excludes": list(excludes),
        "exact": regex is None and "*" not in source,
        "literal": 0 if items is None else literal_count(items),
        "order": order,
        "line": order + 1,
    }


def literal_count(items: Sequence[Mapping[str, Any]]) -> int:
    """Literal characters: a choice counts its shortest alternative, an optional nothing."""
    total = 0
    for item in items:
        if "text" in item:
            total += len(item["text"])
        elif "choice" in item:
            total += min(literal_count(alternative) for alternative in item["choice"])
    return total


def _items(source: str, at: int, closers: str) -> tuple[list[dict[str, Any]], int]:
    """Items of `source` from `at` up to one of `closers`; returns them and the end."""
    items: list[dict[str, Any]] = []
    while at < len(source) and source[at] not in closers:
        char = source[at]
        if char == "*":
            items.append({"star": True})
            at += 1
        elif char == "(":
            alternatives = []
            while source[at] != ")":
                alternative, at = _items(source, at + 1, "|)")
                alternatives.append(alternative)
            items.append({"choice": alternatives})
            at += 1
        elif char == "[":
            inner, at = _items(source, at + 1, "]")
            items.append({"optional": inner})
            at += 1
        else:
            if items and "text" in items[-1]:
                items[-1] = {"text": items[-1]["text"] + char}
            else:
                items.append({"text": char})
            at += 1
    return items, at
