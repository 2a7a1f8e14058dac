"""Texts a regular expression matches: the witnesses of `/regex/` patterns and `matching(...)`.

`regex_texts(regex)` walks the parsed regex (the `re` module's own parser) and builds a few
short strings, each taking a different alternative of every `|` and the fewest repetitions
a repeat allows (one where it allows none, so `.*x.*` gives "x" and `[a-z]*` gives "a").
Every string returned really full-matches the regex; a construct the walk cannot satisfy
(a look-around that fails, a back-reference to an unset group) just yields fewer strings.
"""

from __future__ import annotations

import importlib
import re
import string
from typing import Any

# `re._parser` is the parser `re` itself uses (`sre_parse` before Python 3.11).
try:
    _PARSER: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - older Pythons
    _PARSER = importlib.import_module("sre_parse")

# Characters tried, in order, where a set or a negation leaves a choice.
_CANDIDATES = string.ascii_lowercase + string.digits + string.ascii_uppercase + " -_.,:@/"
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": " ",
}
_VARIANTS = 3


def regex_texts(regex: str, variants: int = _VARIANTS) -> list[str]:
    """Up to `variants` distinct strings that `re.fullmatch(regex, text)` accepts."""
    try:
        compiled = re.compile(regex)
        parsed = _PARSER.parse(regex)
    except (re.error, RecursionError, TypeError, ValueError, OverflowError):
        return []
    found: list[str] = []
    for choice in range(variants):
        try:
            text = _Builder(choice).build(list(parsed))
        except _Unbuildable:
            continue
        if text not in found and compiled.fullmatch(text) is not None:
            found.append(text)
    return found


class _Unbuildable(Exception):
    """The walk met a construct it cannot satisfy."""


class _Builder:
    """One walk over a parsed regex; `choice` picks the alternative of each branch."""

    def __init__(self, choice: int) -> None:
        self.choice = choice
        self.groups: dict[int, str] = {}
        self.depth = 0

    def build(self, items: list[tuple[Any, Any]]) -> str:
        self.depth += 1
        if self.depth > 50:
            raise _Unbuildable
        text = "".join(self.one(op, value) for op, value in items)
        self.depth -= 1
        return text

    def one(self, op: Any, value: Any) -> str:
        name = str(op)
        if name == "LITERAL":
            return chr(value)
        if name == "NOT_LITERAL":
            return next(c for c in _CANDIDATES if ord(c) != value)
        if name == "ANY":
            return "a"
        if name == "IN":
            return _in_set(value)
        if name == "CATEGORY":
            return _CATEGORY_CHARS.get(str(value), "a")
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, item = value
            return self.build(list(item)) * max(int(low), 1 if self.choice else int(low))
        if name == "SUBPATTERN":
            group, item = value[0], value[-1]
            text = self.build(list(item))
            if group is not None:
                self.groups[int(group)] = text
            return text
        if name == "ATOMIC_GROUP":
            return self.build(list(value))
        if name == "BRANCH":
            alternatives = value[1]
            return self.build(list(alternatives[self.choice % len(alternatives)]))
        if name == "GROUPREF":
            if int(value) not in self.groups:
                raise _Unbuildable
            return self.groups[int(value)]
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            return ""
        raise _Unbuildable


def _in_set(members: list[tuple[Any, Any]]) -> str:
    """A character of a `[...]` set (the first candidate it admits)."""
    negated = bool(members) and str(members[0][0]) == "NEGATE"
    allowed = [m for m in members if str(m[0]) != "NEGATE"]

    def admits(char: str) -> bool:
        for op, value in allowed:
            name = str(op)
            if name == "LITERAL" and ord(char) == value:
                return True
            if name == "RANGE" and value[0] <= ord(char) <= value[1]:
                return True
            if name == "CATEGORY" and re.fullmatch(_category_regex(str(value)), char):
                return True
        return False

    if not negated and allowed:
        first_op, first_value = allowed[0]
        if str(first_op) == "LITERAL":
            return chr(first_value)
        if str(first_op) == "RANGE":
            return chr(first_value[0])
    for char in _CANDIDATES:
        if admits(char) != negated:
            return char
    raise _Unbuildable


def _category_regex(category: str) -> str:
    return {
        "CATEGORY_DIGIT": r"\d",
        "CATEGORY_NOT_DIGIT": r"\D",
        "CATEGORY_SPACE": r"\s",
        "CATEGORY_NOT_SPACE": r"\S",
        "CATEGORY_WORD": r"\w",
        "CATEGORY_NOT_WORD": r"\W",
    }.get(category, r"[^\s\S]")
