"""Rule methods for JSON payloads: decoded Python values, wrapped in `ast.Json` once."""

from __future__ import annotations

import math
from typing import Any

from lark import Token, v_args
from lark.tree import Meta

from botc.dsl import ast
from botc.dsl.literals import LiteralProblem, decode_string
from botc.dsl.rules_base import RuleBase, span_of


@v_args(meta=True)
class JsonRules(RuleBase):
    """One method per JSON rule of `grammar/bot.lark`."""

    def json_payload(self, meta: Meta, children: list[Any]) -> ast.Json:
        return ast.Json(children[0], span_of(meta))

    def json_object(self, meta: Meta, children: list[Any]) -> dict[str, Any]:
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

    def json_member(self, meta: Meta, children: list[Any]) -> tuple[str, Any, ast.Span]:
        return self._json_string(children[0]), children[1], span_of(children[0])

    def json_array(self, meta: Meta, children: list[Any]) -> list[Any]:
        return list(children)

    def _json_string(self, token: Token) -> str:
        try:
            return decode_string(str(token), json_escapes=True)
        except LiteralProblem as problem:
            self._literal_problem(token, problem)
            return str(token)[1:-1]

    def json_string(self, meta: Meta, children: list[Any]) -> str:
        return self._json_string(children[0])

    def json_number(self, meta: Meta, children: list[Any]) -> int | float:
        text = str(children[0])
        if not any(c in text for c in ".eE"):
            return int(text)
        value = float(text)
        if math.isinf(value):
            self._problem(f"bad JSON: the number {text} is too large", span_of(children[0]), None)
        return value

    def json_true(self, meta: Meta, children: list[Any]) -> bool:
        return True

    def json_false(self, meta: Meta, children: list[Any]) -> bool:
        return False

    def json_null(self, meta: Meta, children: list[Any]) -> None:
        return None
