"""The AST builder: one method per rule of `grammar/bot.lark`, called as the parser reduces
the rule (`dsl.reductions`), so no parse tree is built.

Out: the tuple of `dsl.ast` declarations (what `start` returns), and in `problems` every
mistake the grammar cannot see (a bad escape, a setting given twice, an integration with no
`api` line...), each a `Diagnostic`.
The rules of declarations and triggers live here; those of steps, test lines and JSON
values in `dsl.rules_steps`, `dsl.rules_tests` and `dsl.rules_json`.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from botc.dsl import ast
from botc.dsl.diagnostics import Diagnostic
from botc.dsl.rules_base import Part, span_of
from botc.dsl.rules_json import MAX_JSON_DEPTH, JsonRules
from botc.dsl.rules_steps import StepRules
from botc.dsl.rules_tests import TestRules

__all__ = ["MAX_JSON_DEPTH", "AstBuilder"]

# What starts a dialog, written before its intent and steps.
_TRIGGERS = (ast.UserSays, ast.OnEvent)


class AstBuilder(StepRules, TestRules, JsonRules):
    """Builds `dsl.ast` nodes; collects problems instead of stopping at the first."""

    def start(self, span: ast.Span, children: list[Any]) -> tuple[ast.Declaration, ...]:
        return tuple(children)

    def bot_decl(self, span: ast.Span, children: list[Any]) -> ast.BotSettings:
        parts = self._parts(children[1:], "bot block")
        default = parts.get("default_response")
        attempts = parts.get("escalation_attempts")
        return ast.BotSettings(
            name=self._str(children[0]),
            default_response=default.value if default else None,
            escalation_attempts=attempts.value if attempts else None,
            span=span,
        )

    def default_response(self, span: ast.Span, children: list[Any]) -> Part:
        return Part("default_response", self._str(children[0]), span)

    def escalation_attempts(self, span: ast.Span, children: list[Any]) -> Part:
        count = int(children[0])
        if count < 1:
            self._problem(
                "`escalation attempts` must be at least 1",
                span_of(children[0]),
                "the platform's own default is 4",
                code="BOT108",
            )
        return Part("escalation_attempts", count, span)

    def integration_decl(self, span: ast.Span, children: list[Any]) -> ast.Integration:
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
            span=span,
            follow_redirects=follow.span if follow else None,
        )

    def api_line(self, span: ast.Span, children: list[Any]) -> Part:
        return Part("endpoint", ("api", str(children[0]), self._str(children[1])), span)

    def file_line(self, span: ast.Span, children: list[Any]) -> Part:
        return Part("endpoint", ("file", str(children[0]), self._str(children[1])), span)

    def header_line(self, span: ast.Span, children: list[Any]) -> ast.Header:
        return ast.Header(self._str(children[0]), self._str(children[1]), span)

    def body_line(self, span: ast.Span, children: list[Any]) -> Part:
        return Part("body", children[0], span)

    def timeout_line(self, span: ast.Span, children: list[Any]) -> Part:
        return Part("timeout", self._duration(children[0]), span)

    def follow_redirects_line(self, span: ast.Span, children: list[Any]) -> Part:
        return Part("follow_redirects", True, span)

    def store_line(self, span: ast.Span, children: list[Any]) -> ast.Store:
        return ast.Store(self._name(children[0]), self._expr(children[1]), span)

    def function_decl(self, span: ast.Span, children: list[Any]) -> ast.Function:
        return ast.Function(self._name(children[0]), self._str(children[1]), span)

    # ------------------------------------------------------------ dialogs and triggers

    def dialog_decl(self, span: ast.Span, children: list[Any]) -> ast.Dialog:
        triggers: list[ast.Trigger] = []
        intent: ast.Intent | None = None
        steps: list[ast.Step] = []
        for child in children[1:]:  # the grammar has them in this order, intent once
            if isinstance(child, _TRIGGERS):
                triggers.append(child)
            elif isinstance(child, ast.Intent):
                intent = child
            elif child is not None:
                steps.append(child)
        return ast.Dialog(
            name=self._name(children[0]),
            triggers=tuple(triggers),
            intent=intent,
            steps=tuple(steps),
            span=span,
        )

    def user_says(self, span: ast.Span, children: list[Any]) -> ast.UserSays:
        patterns, excludes = children
        return ast.UserSays(patterns, excludes or (), span)

    def excluding(self, span: ast.Span, children: list[Any]) -> tuple[ast.Str, ...]:
        result: tuple[ast.Str, ...] = children[0]
        return result

    def string_list(self, span: ast.Span, children: list[Any]) -> tuple[ast.Str, ...]:
        return tuple([self._str(token) for token in children])

    def on_event(self, span: ast.Span, children: list[Any]) -> ast.OnEvent:
        return ast.OnEvent(children[0], span)

    def event_kind(self, span: ast.Span, children: list[Any]) -> str:
        return " ".join(str(token) for token in children)

    def intent_line(self, span: ast.Span, children: list[Any]) -> ast.Intent:
        intent_id = self._str(children[0])
        if intent_id.value.split() != [intent_id.value]:  # empty, or white space in it
            self._problem(
                "an intent id is one word, with no white space",
                intent_id.span,
                'write it like `intent "check-balance" "Check account balance"`',
                code="BOT108",
            )
        return ast.Intent(intent_id, self._str(children[1]), children[2], span)

    def confidence(self, span: ast.Span, children: list[Any]) -> float:
        value = float(children[0])
        if not 0.0 <= value <= 1.0:
            self._problem(
                f"a confidence is between 0 and 1, not {children[0]}",
                span_of(children[0]),
                "write it like `confidence 0.9`",
                code="BOT108",
            )
        return value
