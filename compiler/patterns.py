"""Pattern strings of `user says` (LANGUAGE.md 4.1) parsed into the table's item structure.

A pattern is either a `/regex/` or a sequence of items (docs/TABLE.md "Pattern items"):
literal text, `*`, `(a|b)` choices and `[word]` optionals. `parse_pattern` takes the text
(normalized by the caller for lowering, as written for checking) and returns a
`ParsedPattern`; a syntax error raises `PatternError` with the offset of the culprit.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

from botc.runtime.limits import MAX_PATTERN_NESTING
from botc.runtime.matching.pattern_globs import Expansion, PatternShapeError, expand_items
from botc.runtime.regex_dialect import regex_problem

Item = dict[str, Any]


class PatternError(Exception):
    """A pattern that cannot be parsed; `offset` indexes the pattern text given."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@attrs.frozen
class ParsedPattern:
    """`items` for a wildcard pattern, or `regex` for a `/regex/`; never both."""

    items: tuple[Item, ...] | None
    regex: str | None
    exact: bool
    literal: int


_CLOSERS = {"(": ")", "[": "]"}
# A run of characters that are literal wherever they stand (`|` is one only outside a choice).
_PLAIN_RUN = re.compile(r"[^*()\[\]|]+")
# Groups nest in the table as JSON; far deeper than any real pattern, and shallow enough
# that the parser, the table's schema validation and the matcher never exhaust the stack.
MAX_NESTING = MAX_PATTERN_NESTING


def is_regex(text: str) -> bool:
    """True when the pattern is written `/regex/`."""
    return len(text) >= 2 and text.startswith("/") and text.endswith("/")


def parse_pattern(text: str) -> ParsedPattern:
    """Parse one pattern; raises PatternError (message, offset) when it is malformed."""
    if is_regex(text):
        body = text[1:-1]
        problem = regex_problem(body)
        if problem is not None:
            raise PatternError(problem.message, 1 + problem.offset)
        return ParsedPattern(items=None, regex=body, exact=False, literal=0)
    too_deep = _too_deep_at(text)
    if too_deep is not None:
        raise PatternError(f"groups nested more than {MAX_NESTING} deep", too_deep)
    items, end = _parse_sequence(text, 0, closer=None)
    assert end == len(text)
    has_star = _has_star(items)
    return ParsedPattern(
        items=tuple(items), regex=None, exact=not has_star, literal=_literal_count(items)
    )


@functools.lru_cache(maxsize=1 << 16)
def checked_pattern(text: str) -> ParsedPattern:
    """`parse_pattern`, once per distinct text, for the checks and the lowering: they
    only read it (the lowering copies the items it puts into the table)."""
    return parse_pattern(text)


def forms_problem(normalized: str) -> str | None:
    """Why the matcher would refuse the (normalized) wildcard pattern — more flat forms
    than `runtime.limits.MAX_PATTERN_FORMS` — or None; the loader runs the same expansion."""
    if is_regex(normalized):
        return None
    forms = flat_forms(normalized)
    return forms if isinstance(forms, str) else None


@functools.lru_cache(maxsize=1 << 16)
def flat_forms(normalized: str) -> Expansion | str:
    """The globs of a (normalized) wildcard pattern, or why they cannot be had: worked
    out once per text for the syntax check and the flow analyses' patterns."""
    try:
        items = _parse_sequence(normalized, 0, closer=None)[0]
        return expand_items(items)
    except (PatternError, PatternShapeError) as problem:
        return str(problem)


def _too_deep_at(text: str) -> int | None:
    """The offset of the first `(` or `[` opening a group deeper than MAX_NESTING, if any."""
    depth = 0
    for position, char in enumerate(text):
        if char in "([":
            depth += 1
            if depth > MAX_NESTING:
                return position
        elif char in ")]":
            depth = max(depth - 1, 0)
    return None


def _parse_sequence(text: str, start: int, closer: str | None) -> tuple[list[Item], int]:
    """Items from `start` up to `closer` (or `|` inside a choice); returns them and the end."""
    items: list[Item] = []
    literal: list[str] = []
    position = start

    def flush() -> None:
        if literal:
            items.append({"text": "".join(literal)})
            literal.clear()

    while position < len(text):
        char = text[position]
        if char == closer or (closer == ")" and char == "|"):
            flush()
            return items, position
        if char in ")]":
            raise PatternError(f"`{char}` closes nothing", position)
        if char == "*":
            flush()
            items.append({"star": True})
            position += 1
        elif char == "(":
            flush()
            choice, position = _parse_choice(text, position)
            items.append(choice)
        elif char == "[":
            flush()
            inner, end = _parse_sequence(text, position + 1, closer="]")
            if end >= len(text):
                raise PatternError("`[` is never closed", position)
            items.append({"optional": inner})
            position = end + 1
        else:
            run = _PLAIN_RUN.match(text, position)
            end = run.end() if run is not None else position + 1
            literal.append(text[position:end])
            position = end
    flush()
    return items, position


def _parse_choice(text: str, open_at: int) -> tuple[Item, int]:
    """`(a|b|c)` starting at `open_at`; returns the choice item and the offset after `)`."""
    alternatives: list[list[Item]] = []
    position = open_at + 1
    while True:
        alternative, position = _parse_sequence(text, position, closer=")")
        if position >= len(text):
            raise PatternError("`(` is never closed", open_at)
        alternatives.append(alternative)
        if text[position] == ")":
            return {"choice": alternatives}, position + 1
        position += 1  # past `|`


def _has_star(items: list[Item]) -> bool:
    for item in items:
        if "star" in item:
            return True
        if "choice" in item and any(_has_star(alt) for alt in item["choice"]):
            return True
        if "optional" in item and _has_star(item["optional"]):
            return True
    return False


def _literal_count(items: list[Item]) -> int:
    """Literal characters; a space that a star or optional may swallow does not count."""
    total = 0
    for index, item in enumerate(items):
        if "text" in item:
            text: str = item["text"]
            total += len(text)
            if text.startswith(" ") and index > 0 and _absorbs_space(items[index - 1]):
                total -= 1
            if (
                text.endswith(" ")
                and len(text.strip(" ")) > 0
                and index + 1 < len(items)
                and _absorbs_space(items[index + 1])
            ):
                total -= 1
        elif "choice" in item:
            total += min(_literal_count(alternative) for alternative in item["choice"])
    return max(total, 0)


def _absorbs_space(item: Item) -> bool:
    return "star" in item or "optional" in item
