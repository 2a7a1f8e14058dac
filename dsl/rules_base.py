"""What every rule method of the AST builder shares: spans, tokens to leaves, problems.

`RuleBase` is what the rule mixins (`dsl.rules_steps`, `dsl.rules_tests`, `dsl.rules_json`)
and `dsl.builder.AstBuilder` extend. A rule method is named like its rule in
`grammar/bot.lark` and is called as the parser reduces the rule (`dsl.reductions`), with
the rule's span and its children: tokens, the results of the rule methods below it, and
None for an optional part left out. A problem is recorded, never raised, so that one file
reports all of its mistakes.
"""

from __future__ import annotations

from typing import Any

import attrs
from lark import Token

from botc.dsl import ast
from botc.dsl.diagnostics import Diagnostic
from botc.dsl.literals import LiteralProblem, decode_string, duration_ms


@attrs.frozen
class Part:
    """A line that fills one field of its parent (`timeout 5s`, `metadata [...]`...)."""

    kind: str
    value: Any
    span: ast.Span


def span_of(token: Token) -> ast.Span:
    """The `Span` of a token."""
    return ast.Span(token.line or 1, token.column or 1, token.end_line or 1, token.end_column or 1)


class RuleBase:
    """Turns tokens into AST leaves and collects problems for one file."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Diagnostic] = []
        # "a part is missing": the one kind of problem a recovered error can cause.
        self.completeness_problems: list[Diagnostic] = []

    def _problem(
        self, message: str, span: ast.Span, hint: str | None = None, *, code: str = "BOT106"
    ) -> None:
        """A problem the grammar cannot see; BOT106 (a malformed literal) unless told."""
        self.problems.append(Diagnostic("error", message, span, self.filename, hint, code))

    def _literal_problem(self, token: Token, problem: LiteralProblem) -> None:
        line, column = token.line or 1, (token.column or 1) + problem.offset
        span = ast.Span(line, column, line, column + problem.width)
        self._problem(problem.message, span, problem.hint)

    def _name(self, token: Token) -> ast.Name:
        return ast.Name(str(token), span_of(token))

    def _str(self, token: Token) -> ast.Str:
        raw = str(token)
        try:
            value = decode_string(raw)
        except LiteralProblem as problem:
            self._literal_problem(token, problem)
            value = raw[1:-1]
        return ast.Str(value, raw, span_of(token))

    def _duration(self, token: Token) -> ast.Duration:
        try:
            milliseconds = duration_ms(str(token))
        except LiteralProblem as problem:
            self._literal_problem(token, problem)
            milliseconds = 0
        return ast.Duration(milliseconds, str(token), span_of(token))

    def _parts(self, parts: list[Any], owner: str) -> dict[str, Part]:
        """Single-valued settings by kind; a kind given twice is a problem."""
        found: dict[str, Part] = {}
        for part in parts:
            if not isinstance(part, Part):
                continue
            if part.kind in found:
                words = part.kind.replace("_", " ")
                self._problem(
                    f"`{words}` is given twice in this {owner}",
                    part.span,
                    f"keep one `{words}` line",
                    code="BOT107",
                )
            else:
                found[part.kind] = part
        return found

    def _int_or_str(self, token: Token) -> int | ast.Str:
        return int(token) if token.type == "INT" else self._str(token)

    def _expr(self, token: Token) -> ast.Expr:
        """An expression's text, without the blanks before a trailing `->` or comment."""
        source = str(token).rstrip()
        line, column = token.line or 1, token.column or 1
        return ast.Expr(source, ast.Span(line, column, line, column + len(source)))
