"""Rule methods for JSON payloads: decoded Python values, wrapped in `ast.Json` once."""

from __future__ import annotations

import math
from typing import Any

from lark import Token

from botc.dsl import ast
from botc.dsl.literals import LiteralProblem, decode_string
from botc.dsl.rules_base import RuleBase, span_of

# Deeper values are refused: what reads a value later (equality, hashing, `json.dumps`)
# recurses once per level of it.
MAX_JSON_DEPTH = 100


class JsonRules(RuleBase):
    """One method per JSON rule of `grammar/bot.lark`."""

    def json_payload(self, span: ast.Span, children: list[Any]) -> ast.Json:
        value = children[0]
        # Each level takes two brackets: a shorter value cannot be too deep.
        may_be_too_deep = (
            span.end_line > span.line or span.end_column - span.column > 2 * MAX_JSON_DEPTH
        )
        if may_be_too_deep and _json_depth(value) > MAX_JSON_DEPTH:
            # What was found inside is not reported: the value as a whole is refused.
            self.problems = [p for p in self.problems if not _inside(p.span, span)]
            self._problem(
                "this JSON is nested too deeply",
                ast.Span(span.line, span.column, span.line, span.column + 1),
                f"make it flatter: a JSON value nests at most {MAX_JSON_DEPTH} levels of "
                "`[...]` and `{...}`",
            )
            value = None
        return ast.Json(value, span)

    def json_object(self, span: ast.Span, children: list[Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for member in children:
            key, value, span = member
            if key in result:
                self._problem(
                    f"bad JSON: the key {key!r} is given twice in this object",
                    span,
                    "keep one of them",
                    code="BOT107",
                )
            result[key] = value
        return result

    def json_member(self, span: ast.Span, children: list[Any]) -> tuple[str, Any, ast.Span]:
        return self._json_string(children[0]), children[1], span_of(children[0])

    def json_array(self, span: ast.Span, children: list[Any]) -> list[Any]:
        return list(children)

    def _json_string(self, token: Token) -> str:
        try:
            return decode_string(str(token), json_escapes=True)
        except LiteralProblem as problem:
            self._literal_problem(token, problem)
            return str(token)[1:-1]

    def json_string(self, span: ast.Span, children: list[Any]) -> str:
        return self._json_string(children[0])

    def json_number(self, span: ast.Span, children: list[Any]) -> int | float:
        text = str(children[0])
        if not any(c in text for c in ".eE"):
            return int(text)
        value = float(text)
        if math.isinf(value):
            self._problem(f"bad JSON: the number {text} is too large", span_of(children[0]), None)
        return value

    def json_true(self, span: ast.Span, children: list[Any]) -> bool:
        return True

    def json_false(self, span: ast.Span, children: list[Any]) -> bool:
        return False

    def json_null(self, span: ast.Span, children: list[Any]) -> None:
        return None


def _json_depth(value: Any) -> int:
    """How many arrays and objects nest in `value`, counted without recursion (up to one
    past `MAX_JSON_DEPTH`)."""
    deepest = 0
    values = [(value, 0)]
    while values:
        item, depth = values.pop()
        if isinstance(item, list | dict):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return depth
            values.extend(
                (child, depth) for child in (item.values() if isinstance(item, dict) else item)
            )
        deepest = max(deepest, depth)
    return deepest


def _inside(inner: ast.Span, outer: ast.Span) -> bool:
    return (outer.line, outer.column) <= (inner.line, inner.column) and (
        inner.end_line,
        inner.end_column,
    ) <= (outer.end_line, outer.end_column)
