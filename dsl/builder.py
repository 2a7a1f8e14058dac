"""The AST builder: a lark `Transformer` with one method per rule of `grammar/bot.lark`.

In: the parse tree of one file (built with `propagate_positions=True`). Out: the tuple of
`dsl.ast` declarations, and in `problems` every mistake the grammar cannot see (a bad
escape, a setting given twice, an integration with no `api` line...), each a `Diagnostic`.
The rules of declarations and triggers live here; those of steps, test lines and JSON
values in `dsl.rules_steps`, `dsl.rules_tests` and `dsl.rules_json`.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from lark import Token, Tree, v_args
from lark.tree import Meta

from botc.dsl import ast
from botc.dsl.diagnostics import Diagnostic
from botc.dsl.rules_base import Part, span_of
from botc.dsl.rules_json import JsonRules
from botc.dsl.rules_steps import StepRules
from botc.dsl.rules_tests import TestRules

# What a dialog says before its steps.
_DIALOG_HEAD = (ast.UserSays, ast.OnEvent, ast.Intent)

# Building recurses once per level of a JSON value, so deeper values are refused first.
MAX_JSON_DEPTH = 100
_JSON_CONTAINERS = ("json_array", "json_object")


def too_deep_json(tree: Tree[Token]) -> list[Tree[Token]]:
    """The `json_payload` nodes of a parse tree whose value nests past `MAX_JSON_DEPTH`
    arrays and objects; found without recursion, however deep the tree."""
    found: list[Tree[Token]] = []
    nodes = [tree]
    while nodes:
        node = nodes.pop()
        if node.data == "json_payload":
            # Each level takes two brackets: a shorter value cannot be too deep.
            length = node.meta.end_pos - node.meta.start_pos
            if length > 2 * MAX_JSON_DEPTH and _json_depth(node) > MAX_JSON_DEPTH:
                found.append(node)
            continue
        nodes.extend([child for child in node.children if isinstance(child, Tree)])
    return found


def _json_depth(payload: Tree[Token]) -> int:
    deepest = 0
    values = [(payload, 0)]
    while values:
        node, depth = values.pop()
        if node.data in _JSON_CONTAINERS:
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return depth
        deepest = max(deepest, depth)
        values.extend((child, depth) for child in node.children if isinstance(child, Tree))
    return deepest


@v_args(meta=True)
class AstBuilder(StepRules, TestRules, JsonRules):
    """Builds `dsl.ast` nodes; collects problems instead of stopping at the first."""

    def transform(self, tree: Tree[Token]) -> Any:
        """The declarations of `tree`; a JSON value nested too deeply is reported and built
        as `null` (the tree is changed in place: it is built once, then dropped)."""
        for payload in too_deep_json(tree):
            line, column = payload.meta.line, payload.meta.column
            self._problem(
                "this JSON is nested too deeply",
                ast.Span(line, column, line, column + 1),
                f"make it flatter: a JSON value nests at most {MAX_JSON_DEPTH} levels of "
                "`[...]` and `{...}`",
            )
            payload.children = [Tree("json_null", [])]
        return super().transform(tree)

    def start(self, meta: Meta, children: list[Any]) -> tuple[ast.Declaration, ...]:
        return tuple(children)

    def bot_decl(self, meta: Meta, children: list[Any]) -> ast.BotSettings:
        parts = self._parts(children[1:], "bot block")
        default = parts.get("default_response")
        attempts = parts.get("escalation_attempts")
        return ast.BotSettings(
            name=self._str(children[0]),
            default_response=default.value if default else None,
            escalation_attempts=attempts.value if attempts else None,
            span=span_of(meta),
        )

    def default_response(self, meta: Meta, children: list[Any]) -> Part:
        return Part("default_response", self._str(children[0]), span_of(meta))

    def escalation_attempts(self, meta: Meta, children: list[Any]) -> Part:
        count = int(children[0])
        if count < 1:
            self._problem(
                "`escalation attempts` must be at least 1",
                span_of(children[0]),
                "the platform's own default is 4",
                code="BOT108",
            )
        return Part("escalation_attempts", count, span_of(meta))

    def integration_decl(self, meta: Meta, children: list[Any]) -> ast.Integration:
        name = self._name(children[0])
        lines = children[1:]
        parts = self._parts(lines, "integration")
        endpoint = parts.get("endpoint")
        if endpoint is None:
            self.completeness_problems.append(
                Diagnostic(
                    "error",
                    f"integration `{name.value}` needs an `api` or a `file` line",
                    name.span,
                    self.filename,
                    'add a line like `api GET "https://example.com/{{ account }}"`',
                    "BOT109",
                )
            )
            kind, method, url = "api", "GET", ast.Str("", '""', name.span)
        else:
            kind, method, url = endpoint.value
        kind = cast(Literal["api", "file"], kind)
        method = cast(ast.HttpMethod, method)
        body = parts.get("body")
        timeout = parts.get("timeout")
        follow = parts.get("follow_redirects")
        return ast.Integration(
            name=name,
            kind=kind,
            method=method,
            url=url,
            headers=tuple(line for line in lines if isinstance(line, ast.Header)),
            body=body.value if body else None,
            timeout=timeout.value if timeout else None,
            stores=tuple(line for line in lines if isinstance(line, ast.Store)),
            span=span_of(meta),
            follow_redirects=follow.span if follow else None,
        )

    def api_line(self, meta: Meta, children: list[Any]) -> Part:
        return Part("endpoint", ("api", str(children[0]), self._str(children[1])), span_of(meta))

    def file_line(self, meta: Meta, children: list[Any]) -> Part:
        return Part("endpoint", ("file", str(children[0]), self._str(children[1])), span_of(meta))

    def header_line(self, meta: Meta, children: list[Any]) -> ast.Header:
        return ast.Header(self._str(children[0]), self._str(children[1]), span_of(meta))

    def body_line(self, meta: Meta, children: list[Any]) -> Part:
        return Part("body", children[0], span_of(meta))

    def timeout_line(self, meta: Meta, children: list[Any]) -> Part:
        return Part("timeout", self._duration(children[0]), span_of(meta))

    def follow_redirects_line(self, meta: Meta, children: list[Any]) -> Part:
        return Part("follow_redirects", True, span_of(meta))

    def store_line(self, meta: Meta, children: list[Any]) -> ast.Store:
        return ast.Store(self._name(children[0]), self._expr(children[1]), span_of(meta))

    def function_decl(self, meta: Meta, children: list[Any]) -> ast.Function:
        return ast.Function(self._name(children[0]), self._str(children[1]), span_of(meta))

    # ------------------------------------------------------------ dialogs and triggers

    def dialog_decl(self, meta: Meta, children: list[Any]) -> ast.Dialog:
        body = [child for child in children[1:] if child is not None]
        return ast.Dialog(
            name=self._name(children[0]),
            triggers=tuple(c for c in body if isinstance(c, ast.UserSays | ast.OnEvent)),
            intent=next((c for c in body if isinstance(c, ast.Intent)), None),
            steps=tuple(c for c in body if not isinstance(c, _DIALOG_HEAD)),
            span=span_of(meta),
        )

    def user_says(self, meta: Meta, children: list[Any]) -> ast.UserSays:
        patterns, excludes = children
        return ast.UserSays(patterns, excludes or (), span_of(meta))

    def excluding(self, meta: Meta, children: list[Any]) -> tuple[ast.Str, ...]:
        result: tuple[ast.Str, ...] = children[0]
        return result

    def string_list(self, meta: Meta, children: list[Any]) -> tuple[ast.Str, ...]:
        return tuple(self._str(token) for token in children)

    def on_event(self, meta: Meta, children: list[Any]) -> ast.OnEvent:
        return ast.OnEvent(children[0], span_of(meta))

    def event_kind(self, meta: Meta, children: list[Any]) -> str:
        return " ".join(str(token) for token in children)

    def intent_line(self, meta: Meta, children: list[Any]) -> ast.Intent:
        intent_id = self._str(children[0])
        if not intent_id.value or any(c.isspace() for c in intent_id.value):
            self._problem(
                "an intent id is one word, with no white space",
                intent_id.span,
                'write it like `intent "check-balance" "Check account balance"`',
                code="BOT108",
            )
        return ast.Intent(intent_id, self._str(children[1]), children[2], span_of(meta))

    def confidence(self, meta: Meta, children: list[Any]) -> float:
        value = float(children[0])
        if not 0.0 <= value <= 1.0:
            self._problem(
                f"a confidence is between 0 and 1, not {children[0]}",
                span_of(children[0]),
                "write it like `confidence 0.9`",
                code="BOT108",
            )
        return value
