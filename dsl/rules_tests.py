"""Rule methods for `test` blocks (LANGUAGE.md 7): their lines and expectations."""

from __future__ import annotations

from typing import Any

from botc.dsl import ast
from botc.dsl.literals import LiteralProblem, size_bytes
from botc.dsl.rules_base import RuleBase, span_of


class TestRules(RuleBase):
    """One method per test-line rule of `grammar/bot.lark`."""

    __test__ = False  # not a pytest class, whatever its name

    def test_decl(self, span: ast.Span, children: list[Any]) -> ast.TestCase:
        lines = tuple(child for child in children[1:] if child is not None)
        return ast.TestCase(self._str(children[0]), lines, span)

    def start_line(self, span: ast.Span, children: list[Any]) -> ast.StartLine:
        message = children[0]
        return ast.StartLine(None if message is None else self._str(message), span)

    def user_line(self, span: ast.Span, children: list[Any]) -> ast.UserLine:
        return ast.UserLine(self._str(children[0]), span)

    def upload_line(self, span: ast.Span, children: list[Any]) -> ast.UploadLine:
        return ast.UploadLine(self._str(children[0]), children[1], span)

    def file_size(self, span: ast.Span, children: list[Any]) -> ast.Size:
        token = children[0]
        try:
            size = size_bytes(str(token))
        except LiteralProblem as problem:
            self._literal_problem(token, problem)
            size = 0
        return ast.Size(size, str(token), span_of(token))

    def returns_line(self, span: ast.Span, children: list[Any]) -> ast.ReturnsLine:
        integration, status, body = children
        return ast.ReturnsLine(self._name(integration), status, body, span)

    def status(self, span: ast.Span, children: list[Any]) -> int:
        return int(children[0])

    def fails_line(self, span: ast.Span, children: list[Any]) -> ast.FailsLine:
        return ast.FailsLine(self._name(children[0]), span)

    def rich_content_line(self, span: ast.Span, children: list[Any]) -> ast.RichContentLine:
        return ast.RichContentLine(children[0], span)

    def signal_line(self, span: ast.Span, children: list[Any]) -> ast.SignalLine:
        return ast.SignalLine(self._str(children[0]), span)

    def bot_line(self, span: ast.Span, children: list[Any]) -> ast.BotLine:
        return ast.BotLine(self._str(children[0]), False, span)

    def agents_line(self, span: ast.Span, children: list[Any]) -> ast.BotLine:
        return ast.BotLine(self._str(children[0]), True, span)

    def expect_line(self, span: ast.Span, children: list[Any]) -> ast.ExpectLine:
        kind, argument = children[0]
        return ast.ExpectLine(kind, argument, span)

    def expect_transfer(self, span: ast.Span, children: list[Any]) -> tuple[str, str | None]:
        return "transfer", children[0]

    def transfer_skill(self, span: ast.Span, children: list[Any]) -> str:
        return str(children[0])

    def expect_close(self, span: ast.Span, children: list[Any]) -> tuple[str, str | None]:
        return "close", None

    def expect_card(self, span: ast.Span, children: list[Any]) -> tuple[str, str | None]:
        return "card", None

    def expect_pause(self, span: ast.Span, children: list[Any]) -> tuple[str, str | None]:
        duration = children[0]
        if duration is not None:
            self._duration(duration)
        return "pause", None if duration is None else str(duration)

    def expect_invoke(self, span: ast.Span, children: list[Any]) -> tuple[str, str | None]:
        return "invoke", None if children[0] is None else str(children[0])

    def expect_signal(self, span: ast.Span, children: list[Any]) -> tuple[str, str | None]:
        return "signal", None

    def expect_secure_form(self, span: ast.Span, children: list[Any]) -> tuple[str, str | None]:
        return "secure form", None if children[0] is None else str(children[0])

    def expect_priority(self, span: ast.Span, children: list[Any]) -> tuple[str, str | None]:
        return "priority", children[0]

    def expected_priority(self, span: ast.Span, children: list[Any]) -> str:
        return str(children[0])

    def expect_nothing(self, span: ast.Span, children: list[Any]) -> tuple[str, str | None]:
        return "nothing", None
