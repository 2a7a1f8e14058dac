"""The one regular-expression dialect of bots: Python syntax, run by RE2 in linear time.

Every user regex — a `/regex/` trigger pattern and the argument of `matching(...)` — is
compiled here, by the matcher, the template sandbox and the compiler's checks alike, so
that what `botc check` accepts is exactly what the runtime runs. A regex must be valid
Python syntax (LANGUAGE.md 4.1) *and* be runnable by RE2, whose matching time is linear
in the text: no pattern can make a turn stall, whatever the consumer types.

What RE2 cannot run is refused with the construct named and its offset (`RegexProblem`):
backreferences (`\\1`, `(?P=name)`), lookahead and lookbehind (`(?=`, `(?!`, `(?<=`,
`(?<!`), atomic groups `(?>`, possessive quantifiers (`a++`), conditionals `(?(1)`,
comments `(?#`, verbose mode `(?x)`, `\\Z`. The shorthand classes keep Python's
Unicode meaning: `\\d`, `\\w`, `\\s` (and `\\D`, `\\W`, `\\S` outside `[...]`) are
rewritten into RE2's Unicode classes before RE2 compiles them (`\\b` stays RE2's ASCII
word boundary).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final, Protocol

import re2

DIALECT: Final = "RE2 (Python syntax)"

# What Python means by each shorthand class on text, spelled as RE2 class contents.
_DIGIT = r"\p{Nd}"
_WORD = r"\p{L}\p{N}_"
_SPACE = r"\t\n\v\f\r\x1c-\x1f\x85\p{Z}"
_INSIDE: Final = {"d": _DIGIT, "w": _WORD, "s": _SPACE}
_OUTSIDE: Final = {
    "d": _DIGIT,
    "D": r"\P{Nd}",
    "w": f"[{_WORD}]",
    "W": f"[^{_WORD}]",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
}

# `(?` openings RE2 has no engine for, longest first.
_GROUP_CONSTRUCTS: Final = (
    ("(?<=", "a lookbehind `(?<=...)`"),
    ("(?<!", "a negative lookbehind `(?<!...)`"),
    ("(?P=", "a named backreference `(?P=name)`"),
    ("(?=", "a lookahead `(?=...)`"),
    ("(?!", "a negative lookahead `(?!...)`"),
    ("(?>", "an atomic group `(?>...)`"),
    ("(?(", "a conditional `(?(group)...)`"),
    ("(?#", "a comment `(?#...)`"),
)
_FLAGS = re.compile(r"\(\?([a-zA-Z]+)[:)-]")
_POSSESSIVE = re.compile(r"[*+?}]\+")

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print every refused pattern on stderr


class Regex(Protocol):
    """A compiled regex (RE2's), as the runtime uses it."""

    @property
    def groups(self) -> int: ...

    def fullmatch(self, text: str) -> Any: ...

    def search(self, text: str) -> Any: ...


class RegexProblem(ValueError):
    """A regex this dialect refuses: `message` names the problem, `offset` indexes the
    regex text where it is."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@functools.lru_cache(maxsize=4096)
def compile_regex(source: str) -> Regex:
    """The compiled regex; raises `RegexProblem` for bad syntax or what RE2 cannot run."""
    try:
        re.compile(source)
    except re.error as problem:
        offset = problem.pos if problem.pos is not None else 0
        raise RegexProblem(f"bad regular expression: {problem.msg}", offset) from None
    translated = _translated(source)
    try:
        compiled: Regex = re2.compile(translated, options=_OPTIONS)
    except re2.error as problem:
        reason = _reason(problem)
        raise RegexProblem(
            f"this regular expression cannot run in linear time (RE2: {reason})", 0
        ) from None
    return compiled


def regex_problem(source: str) -> RegexProblem | None:
    """None when `compile_regex` accepts the regex, else why not (for the checks)."""
    try:
        compile_regex(source)
    except RegexProblem as problem:
        return problem
    return None


def _translated(source: str) -> str:
    """The regex with RE2-only constructs refused and Python's shorthand classes spelled
    for RE2; raises `RegexProblem` naming the first construct RE2 cannot run."""
    out: list[str] = []
    position = 0
    in_class = False
    class_start = 0
    while position < len(source):
        char = source[position]
        if char == "\\" and position + 1 < len(source):
            letter = source[position + 1]
            out.append(_escape(source, position, letter, in_class))
            position += 2
            continue
        if in_class:
            if char == "]" and position > class_start:
                in_class = False
            out.append(char)
            position += 1
            continue
        if char == "[":
            in_class = True
            class_start = position + 1
            if source.startswith("^", class_start):
                class_start += 1
            out.append(char)
            position += 1
            continue
        if char == "(" and source.startswith("(?", position):
            _check_group(source, position)
        if _POSSESSIVE.match(source, position) and not _is_literal_brace(source, position):
            raise _refused("a possessive quantifier (`a++`, `a*+`)", position + 1)
        out.append(char)
        position += 1
    return "".join(out)


def _escape(source: str, position: int, letter: str, in_class: bool) -> str:
    if letter.isdigit() and letter != "0" and not in_class:
        raise _refused(f"a backreference `\\{letter}`", position)
    if letter == "Z":
        raise _refused("`\\Z` (write `$`)", position)
    if in_class:
        if letter in "DWS":
            raise _refused(f"`\\{letter}` inside `[...]` (write `[^...]` instead)", position)
        return _INSIDE.get(letter, "\\" + letter)
    return _OUTSIDE.get(letter, "\\" + letter)


def _check_group(source: str, position: int) -> None:
    for opening, named in _GROUP_CONSTRUCTS:
        if source.startswith(opening, position):
            raise _refused(named, position)
    flags = _FLAGS.match(source, position)
    if flags is not None and "x" in flags.group(1):
        raise _refused("verbose mode `(?x)`", position)


def _is_literal_brace(source: str, position: int) -> bool:
    """`}+` is possessive only after a `{m,n}` repetition (else a literal `}`)."""
    if source[position] != "}":
        return False
    opening = source.rfind("{", 0, position)
    return opening < 0 or re.fullmatch(r"\{\d*(,\d*)?", source[opening:position]) is None


def _refused(construct: str, offset: int) -> RegexProblem:
    return RegexProblem(f"{construct} cannot run in linear time, so bots may not use it", offset)


def _reason(problem: Exception) -> str:
    raw = problem.args[0] if problem.args else problem
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
