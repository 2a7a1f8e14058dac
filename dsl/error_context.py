"""Where a syntax error happened, as the wording of `dsl.syntax_errors` needs to know it.

`Source` is the text being parsed, `Place` the unexpected token with what the parser
wanted there, `SyntaxProblem` the worded result; the helpers read statements off lines.
"""

from __future__ import annotations

import re

import attrs
from lark import Token

from botc.dsl.ast import Span
from botc.dsl.diagnostics import Diagnostic, Replacement
from botc.dsl.error_wording import FAMILIES, STEP_TERMINALS, TERMINAL_WORDS

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LABEL = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*:(?!\S*\")")


@attrs.frozen
class SyntaxProblem:
    """A worded syntax error, and the lines whose statements recovery should set aside."""

    diagnostic: Diagnostic
    set_aside_lines: tuple[int, ...]


@attrs.frozen
class Source:
    lines: tuple[str, ...]
    filename: str
    literals: dict[str, str]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def problem(
        self,
        message: str,
        span: Span,
        hint: str | None,
        lines: tuple[int, ...] = (),
        replacement: Replacement | None = None,
        *,
        code: str = "BOT101",
    ) -> SyntaxProblem:
        """A syntax error; `code` is BOT101 (unexpected text) unless a finer one is known."""
        diagnostic = Diagnostic("error", message, span, self.filename, hint, code, replacement)
        return SyntaxProblem(diagnostic, lines or (span.line,))


@attrs.frozen
class Place:
    """Everything known about where an unexpected token was met."""

    token: Token
    kind: str
    expected: frozenset[str]
    opener: Token | None  # the innermost JSON bracket still open, if any
    span: Span
    found: str  # the token in words: "`hello`", "the text \"hi\"", "the end of the line"
    line_text: str
    keyword: str  # the statement's first word, when the problem comes after it
    statement_line: int  # the line of the statement the token belongs to or follows

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def starts_line(self) -> bool:
        return self.column == len(self.line_text) - len(self.line_text.lstrip()) + 1

    def word_before(self) -> tuple[str, Span]:
        """The word just before the token, and its span."""
        before = self.line_text[: self.column - 1].rstrip()
        match = re.search(r"[A-Za-z_][A-Za-z0-9_]*$", before)
        if match is None:
            return before.strip(), Span(self.line, 1, self.line, max(len(before), 1) + 1)
        return match.group(0), Span(self.line, match.start() + 1, self.line, match.end() + 1)


_EXPECTED_FORMS = {
    "EXPR": "an expression",
    "DURATION": "a duration like `5s`, `250ms` or `3m`",
    "SIZE": "a size like `512kb` or `5mb`",
    "METHOD": "an HTTP method (GET, POST, PUT, PATCH or DELETE)",
}


def expected_found(place: Place, text: Source) -> str:
    (only,) = place.expected if len(place.expected) == 1 else (None,)
    wanted = _EXPECTED_FORMS.get(only or "") or words(set(place.expected), text.literals)
    return f"expected {wanted}, found {place.found}"


def words(expected: set[str], literals: dict[str, str]) -> str:
    names = set(expected)
    words: list[str] = []
    for family, members in FAMILIES.items():
        if members <= names:
            words.append(family)
            names -= members
            if family == "a step":
                names -= STEP_TERMINALS  # the rest of the steps, and a label's name
    names.discard("_DEDENT")
    if len(names) > 1 or words:
        names.discard("$END")  # obvious, and it makes a long list longer
    for name in sorted(names, key=_sort_key):
        word = TERMINAL_WORDS.get(name) or (f"`{literals[name]}`" if name in literals else None)
        if word is None:
            word = f"`{name.lower()}`"
        if word not in words:
            words.append(word)
    if not words:
        return "something else"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _sort_key(name: str) -> tuple[int, str]:
    return (1 if name.startswith("_") or name == "$END" else 0, name)


def token_in_words(kind: str, value: str) -> str:
    if kind == "STRING":
        return f"the text {value}"
    if kind in ("INT", "NUMBER"):
        return f"the number {value}"
    shown = value if len(value) <= 30 else value[:27] + "..."
    return f"`{shown}`"


def statement_keyword(text: str) -> str:
    """The word a statement line starts with, after its `label:` if any."""
    stripped = text.strip()
    label = _LABEL.match(stripped)
    if label is not None:
        stripped = stripped[label.end() :].strip()
    match = _WORD.match(stripped)
    return match.group(0) if match else ""


def previous_statement(lines: tuple[str, ...], line: int) -> int:
    """The number of the last line before `line` that holds a statement (or `line`)."""
    for index in range(min(line - 2, len(lines) - 1), -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return line


def statement_start(lines: tuple[str, ...], line: int) -> int:
    """The line where the statement holding `line` starts (a JSON value may span lines)."""
    depth = 0
    for index in range(line - 1, -1, -1):
        text = lines[index]
        depth += text.count("}") + text.count("]") - text.count("{") - text.count("[")
        # A line with a bracket still open at `line` that does not start inside JSON.
        if depth <= 0 and text.strip() and not text.lstrip().startswith(("{", "[", "}", "]", '"')):
            return index + 1
    return line


def end_of_text(lines: tuple[str, ...]) -> tuple[int, int]:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index + 1, len(lines[index].rstrip()) + 1
    return 1, 1
