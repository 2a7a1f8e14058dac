"""Syntax errors worded for bot authors.

`describe(error, source, filename, literals)` turns what lark (or the indentation
post-lexer) raised into a `SyntaxProblem`: a `Diagnostic` that says where, what was
expected in the language's own words (never a terminal's name) and a hint showing the
right form of the statement at hand, plus the lines recovery should set aside. A list of
small wording functions, tried in order, each recognises one common mistake.
"""

from __future__ import annotations

import unicodedata

from lark import Token
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from botc.dsl.ast import Span
from botc.dsl.common_mistakes import WORDINGS
from botc.dsl.error_context import (
    Place,
    Source,
    SyntaxProblem,
    end_of_text,
    expected_found,
    previous_statement,
    statement_keyword,
    token_in_words,
    words,
)
from botc.dsl.error_wording import HINTS
from botc.dsl.indentation import IndentationProblem
from botc.dsl.misplaced_lines import MISPLACED, branch_under_step
from botc.dsl.mistaken_test_lines import TEST_LINE_WORDINGS
from botc.dsl.other_language_forms import OTHER_LANGUAGE_WORDINGS


def describe(
    error: UnexpectedInput | IndentationProblem,
    source: str,
    filename: str,
    literals: dict[str, str],
) -> SyntaxProblem:
    """The worded problem for a syntax error raised while parsing `source`.

    `literals` maps the grammar's keyword and punctuation terminals to their text."""
    text = Source(tuple(source.split("\n")), filename, literals)
    if isinstance(error, IndentationProblem):
        span = Span(error.line, error.column, error.line, error.column + max(error.width, 1))
        return text.problem(error.message, span, error.hint, code="BOT104")
    if isinstance(error, UnexpectedToken):
        return _unexpected_token(error, text)
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, text)
    line, column = error.line or 1, error.column or 1
    return text.problem("this line cannot be read", Span(line, column, line, column + 1), None)


def _unexpected_character(error: UnexpectedCharacters, text: Source) -> SyntaxProblem:
    line, column = error.line, error.column
    line_text = text.line(line)
    if error.char == '"':
        return text.problem(
            "this string has no closing quote",
            Span(line, column, line, max(len(line_text) + 1, column + 1)),
            'end it with `"` on the same line; write a line break inside it as `\\n`',
            code="BOT105",
        )
    if error.char == "'":
        return text.problem(
            "this `'` starts a string with no closing quote",
            Span(line, column, line, max(len(line_text) + 1, column + 1)),
            "in an expression, a text is quoted with `'` or `\"` on both ends",
            code="BOT105",
        )
    expected = words(set(error.allowed or ()) - {"_NL", "WS", "COMMENT"}, text.literals)
    char = error.char
    shown = f"`{char}`" if char.isprintable() and not char.isspace() else _char_name(char)
    hint = HINTS.get(statement_keyword(line_text))
    if char.isspace():
        expected, hint = "", "indent and separate words with plain spaces only"
    return text.problem(
        f"unexpected {shown}" + (f": expected {expected}" if expected else ""),
        Span(line, column, line, column + 1),
        hint,
    )


def _char_name(char: str) -> str:
    """An invisible character by its code and name: `U+00A0 (no-break space)`."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed character').lower()})"


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


def _unexpected_token(error: UnexpectedToken, text: Source) -> SyntaxProblem:
    token = error.token
    if token.type == "_INDENT":
        line, column = (int(part) for part in str(token).split(":"))
        branch = branch_under_step(text, line)
        if branch is not None:
            return branch
        return text.problem(
            "this line is indented, but the line above it opens no block",
            Span(line, column, line, max(len(text.line(line)) + 1, column + 1)),
            "only the lines of a declaration, and the options or branches of a step, are "
            "indented; line it up with the line above",
            code="BOT104",
        )
    place = _place(error, text)
    for wording in (*MISPLACED, *TEST_LINE_WORDINGS, *OTHER_LANGUAGE_WORDINGS, *WORDINGS):
        problem = wording(place, text)
        if problem is not None:
            return problem
    return text.problem(expected_found(place, text), place.span, HINTS.get(place.keyword))


def _place(error: UnexpectedToken, text: Source) -> Place:
    token = error.token
    expected, opener = _parser_expects(error)
    if token.type in ("_NL", "_DEDENT", "$END"):
        # These sit at the end of the statement they cut short.
        line, column = token.end_line or 1, token.end_column or 1
        if token.type == "$END":
            line, column = end_of_text(text.lines)
        span = Span(line, column, line, column + 1)
        found = "the end of the file" if token.type == "$END" else "the end of the line"
        statement_line = line
    else:
        line, column = token.line or 1, token.column or 1
        span = Span(line, column, line, token.end_column or column + 1)
        found = token_in_words(token.type, str(token))
        statement_line = previous_statement(text.lines, line)
    line_text = text.line(line)
    first_column = len(line_text) - len(line_text.lstrip()) + 1
    keyword = statement_keyword(line_text) if column > first_column else ""
    return Place(
        token,
        token.type,
        frozenset(expected),
        opener,
        span,
        found,
        line_text,
        keyword,
        statement_line,
    )
