"""Syntax errors worded for bot authors.

`describe(error, source, filename)` turns what lark (or the indentation post-lexer) raised
into one `Diagnostic`: where, what was expected in the language's own words (never a
terminal's name), and a hint that shows the right form of the statement at hand.
"""

from __future__ import annotations

import re

import attrs
from lark import Token
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from dsl.ast import Span
from dsl.diagnostics import Diagnostic
from dsl.error_wording import (
    BLOCK_HINTS,
    DECLARATIONS,
    FAMILIES,
    HINTS,
    JSON_TERMINALS,
    STEP_KEYWORDS,
    STEP_WORDS,
    TERMINAL_WORDS,
    TEST_LINES,
)
from dsl.indentation import IndentationProblem

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LABEL = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*:(?!\S*\")")


@attrs.frozen
class SyntaxProblem:
    """A worded syntax error, and the lines whose statements recovery should set aside."""

    diagnostic: Diagnostic
    set_aside_lines: tuple[int, ...]


@attrs.frozen
class _Source:
    lines: tuple[str, ...]
    filename: str
    literals: dict[str, str]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def problem(
        self, message: str, span: Span, hint: str | None, lines: tuple[int, ...] = ()
    ) -> SyntaxProblem:
        diagnostic = Diagnostic("error", message, span, self.filename, hint)
        return SyntaxProblem(diagnostic, lines or (span.line,))


def describe(
    error: UnexpectedInput | IndentationProblem,
    source: str,
    filename: str,
    literals: dict[str, str],
) -> SyntaxProblem:
    """The worded problem for a syntax error raised while parsing `source`.

    `literals` maps the grammar's keyword and punctuation terminals to their text."""
    text = _Source(tuple(source.split("\n")), filename, literals)
    if isinstance(error, IndentationProblem):
        span = Span(error.line, error.column, error.line, error.column + max(error.width, 1))
        return text.problem(error.message, span, error.hint)
    if isinstance(error, UnexpectedToken):
        return _unexpected_token(error, text)
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, text)
    line, column = error.line or 1, error.column or 1
    return text.problem("this line cannot be read", Span(line, column, line, column + 1), None)


def _unexpected_character(error: UnexpectedCharacters, text: _Source) -> SyntaxProblem:
    line, column = error.line, error.column
    line_text = text.line(line)
    if error.char == '"':
        return text.problem(
            "this string has no closing quote",
            Span(line, column, line, max(len(line_text) + 1, column + 1)),
            'end it with `"` on the same line; write a line break inside it as `\\n`',
        )
    expected = _words(set(error.allowed or ()) - {"_NL", "WS", "COMMENT"}, text.literals)
    return text.problem(
        f"unexpected `{error.char}`" + (f": expected {expected}" if expected else ""),
        Span(line, column, line, column + 1),
        HINTS.get(_statement_keyword(line_text)),
    )


def _parser_expects(error: UnexpectedToken) -> tuple[set[str], Token | None]:
    """The terminals the parser could take at the error, and the innermost open JSON
    bracket (None outside JSON).

    lark's own `expected` is the contextual lexer's set when the lexer failed first, which
    holds terminals the parser would not take (the line break is always there)."""
    cursor = error.interactive_parser
    if cursor is None:
        return set(error.expected), None
    try:
        expected = {str(name) for name in cursor.accepts()}  # type: ignore[no-untyped-call]
    except LarkError:  # the table walk is best effort; lark's own set is still right
        expected = set(error.expected)
    openers = [
        value
        for value in cursor.parser_state.value_stack
        if isinstance(value, Token) and value.type in ("LBRACE", "LSQB")
    ]
    return expected or set(error.expected), openers[-1] if openers else None


def _unexpected_token(error: UnexpectedToken, text: _Source) -> SyntaxProblem:
    token = error.token
    expected, opener = _parser_expects(error)
    kind = token.type
    if kind == "_INDENT":
        line, column = (int(part) for part in str(token).split(":"))
        return text.problem(
            "this line is indented, but the line above it opens no block",
            Span(line, column, line, max(len(text.line(line)) + 1, column + 1)),
            "only the lines of a declaration, and the options or branches of a step, are "
            "indented; line it up with the line above",
        )
    if kind in ("_NL", "_DEDENT", "$END"):
        # These sit at the end of the statement they cut short.
        line, column = token.end_line or 1, token.end_column or 1
        if kind == "$END":
            line, column = _end_of_text(text.lines)
        span = Span(line, column, line, column + 1)
        found = "the end of the file" if kind == "$END" else "the end of the line"
        statement_line = line
    else:
        line, column = token.line or 1, token.column or 1
        span = Span(line, column, line, token.end_column or column + 1)
        found = _found(kind, str(token))
        statement_line = _previous_statement(text.lines, line)
    line_text = text.line(line)
    keyword = _statement_keyword(line_text)
    if column <= len(line_text) - len(line_text.lstrip()) + 1:
        keyword = ""  # the statement's first word is the problem: its usual form won't help
    if "_INDENT" in expected and len(expected - {"_DEDENT"}) == 1:
        header = text.line(statement_line)
        return text.problem(
            f"expected the indented lines of `{header.strip()}`, found {found}",
            span,
            BLOCK_HINTS.get(_statement_keyword(header), "indent the lines that belong to it"),
            (statement_line, line),
        )
    if opener is not None and line > (opener.line or 1) and kind not in JSON_TERMINALS:
        # The value ran on into the next statement: its bracket was never closed.
        opener_line, opener_column = opener.line or 1, opener.column or 1
        closer = "}" if opener.type == "LBRACE" else "]"
        return text.problem(
            f"this `{opener}` is never closed",
            Span(opener_line, opener_column, opener_line, opener_column + 1),
            f"close it with `{closer}` before the end of the statement",
            (_statement_start(text.lines, opener_line),),
        )
    if opener is not None:
        return text.problem(
            f"bad JSON: expected {_words(expected, text.literals)}, found {found}",
            span,
            "JSON keys and strings are double-quoted, items are separated by commas, and "
            "the last item has no comma after it",
            (_statement_start(text.lines, opener.line or 1),),
        )
    if FAMILIES[DECLARATIONS] <= expected and str(token) in STEP_WORDS:
        return text.problem(
            f"`{token}` is a step, so it belongs inside a dialog",
            span,
            "indent it under the dialog it belongs to",
        )
    if expected == {"COLON"} and kind != "COLON":
        return _not_a_step(_last_word(line_text, column), line, line_text, text)
    if kind == "COLON" and "COLON" not in expected:
        word = _last_word(line_text, column)
        return text.problem(
            f"`{word}` is a keyword here, so it cannot be a label",
            _word_span(line_text, line, word),
            "choose another name for the label",
        )
    if expected == {"RETURNS", "FAILS"}:
        word = _last_word(line_text, column)
        return text.problem(
            f"`{word}` is not a test line",
            _word_span(line_text, line, word),
            f"the lines of a test are {TEST_LINES}",
        )
    if keyword == "say" and "STRING" in expected:
        rest = line_text.split("say", 1)[1].strip().replace('"', "")
        hint = f'write it as `say "{rest}"`' if rest else HINTS["say"]
        return text.problem("a `say` needs a quoted text", span, hint)
    if "_ARROW" in expected:
        return text.problem(
            f"a branch needs `->` and a target, found {found}",
            span,
            "branches look like `on success -> label`, `when answer is number -> label` or "
            "`otherwise -> dialog help`",
        )
    if {"NEXT", "END", "DIALOG"} <= expected:
        return text.problem(
            f"expected a target after `->` (a label, `dialog NAME`, `next` or `end`), "
            f"found {found}",
            span,
            "branches look like `on success -> label`",
        )
    if (
        str(token) in STEP_WORDS
        and kind != "NAME"
        and not expected & {"SAY", "END", "GOTO"}
        and column == len(line_text) - len(line_text.lstrip()) + 1
    ):
        return text.problem(
            f"this `{token}` is indented too far",
            span,
            "a step lines up with the step above it; only a step's options and branches "
            "go under it",
        )
    if expected == {"SUCCESS", "FAILURE"}:
        return text.problem(
            f"expected `success` or `failure`, found {found}",
            span,
            "call branches look like `on success -> label` or `on failure -> label`",
        )
    if expected == {"EXPR"}:
        message = f"expected an expression, found {found}"
    elif expected == {"DURATION"}:
        message = f"expected a duration like `5s`, `250ms` or `3m`, found {found}"
    elif expected == {"SIZE"}:
        message = f"expected a size like `512kb` or `5mb`, found {found}"
    elif expected == {"METHOD"}:
        message = f"expected an HTTP method (GET, POST, PUT, PATCH or DELETE), found {found}"
    else:
        message = f"expected {_words(expected, text.literals)}, found {found}"
    return text.problem(message, span, HINTS.get(keyword))


def _not_a_step(word: str, line: int, line_text: str, text: _Source) -> SyntaxProblem:
    span = _word_span(line_text, line, word)
    if word in ("when", "otherwise"):
        return text.problem(
            f"a `{word}` branch belongs to an `ask` or a `call`",
            span,
            "indent it under the `ask` or `call` it belongs to",
        )
    if word in ("quick", "metadata", "encoded"):
        return text.problem(
            f"`{word}` is an option of a message",
            span,
            "indent it under the `say`, `card` or `ask` it belongs to",
        )
    if word in ("accept", "success", "failure", "invalid", "progress"):
        return text.problem(
            f"`{word}` is a setting of an `upload`", span, "indent it under its `upload`"
        )
    return text.problem(
        f"`{word}` is not a step",
        span,
        f"the steps are {STEP_KEYWORDS}; a label is written `name: step`",
    )


def _words(expected: set[str], literals: dict[str, str]) -> str:
    names = set(expected)
    words: list[str] = []
    for family, members in FAMILIES.items():
        if members <= names:
            words.append(family)
            names -= members
            if family.startswith("a step"):
                names -= _step_terminals(names)
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


def _step_terminals(names: set[str]) -> set[str]:
    step_words = {
        "CARD",
        "PAUSE",
        "UPLOAD",
        "ESCALATE",
        "INVOKE",
        "SIGNAL",
        "SECURE",
        "CLOSE",
        "PRIORITY",
        "SET",
        "GOTO",
        "END",
        "NAME",
    }
    return names & step_words


def _sort_key(name: str) -> tuple[int, str]:
    return (1 if name.startswith("_") or name == "$END" else 0, name)


def _found(kind: str, value: str) -> str:
    if kind == "STRING":
        return f"the text {value}"
    if kind in ("INT", "NUMBER"):
        return f"the number {value}"
    shown = value if len(value) <= 30 else value[:27] + "..."
    return f"`{shown}`"


def _statement_keyword(text: str) -> str:
    """The word a statement line starts with, after its `label:` if any."""
    stripped = text.strip()
    label = _LABEL.match(stripped)
    if label is not None:
        stripped = stripped[label.end() :].strip()
    match = _WORD.match(stripped)
    return match.group(0) if match else ""


def _previous_statement(lines: tuple[str, ...], line: int) -> int:
    """The number of the last line before `line` that holds a statement (or `line`)."""
    for index in range(min(line - 2, len(lines) - 1), -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return line


def _statement_start(lines: tuple[str, ...], line: int) -> int:
    """The line where the statement holding `line` starts (a JSON value may span lines)."""
    depth = 0
    for index in range(line - 1, -1, -1):
        text = lines[index]
        depth += text.count("}") + text.count("]") - text.count("{") - text.count("[")
        # A line with a bracket still open at `line` that does not start inside JSON.
        if depth <= 0 and text.strip() and not text.lstrip().startswith(("{", "[", "}", "]", '"')):
            return index + 1
    return line


def _last_word(text: str, column: int) -> str:
    before = text[: column - 1].rstrip()
    words = _WORD.findall(before)
    return words[-1] if words else before


def _word_span(text: str, line: int, word: str) -> Span:
    start = text.find(word) + 1 or 1
    return Span(line, start, line, start + max(len(word), 1))


def _end_of_text(lines: tuple[str, ...]) -> tuple[int, int]:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index + 1, len(lines[index].rstrip()) + 1
    return 1, 1
