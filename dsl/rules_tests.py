"""Rule methods for `test` blocks (LANGUAGE.md 7): their lines and expectations."""

from __future__ import annotations

from typing import Any

from lark import v_args
from lark.tree import Meta

from botc.dsl import ast
from botc.dsl.literals import LiteralProblem, size_bytes
from botc.dsl.rules_base import RuleBase, span_of


@v_args(meta=True)
class TestRules(RuleBase):
    """One method per test-line rule of `grammar/bot.lark`."""

    __test__ = False  # not a pytest class, whatever its name

    def test_decl(self, meta: Meta, children: list[Any]) -> ast.TestCase:
        lines = tuple(child for child in children[1:] if child is not None)
        return ast.TestCase(self._str(children[0]), lines, span_of(meta))

    def start_line(self, meta: Meta, children: list[Any]) -> ast.StartLine:
        message = children[0]
        return ast.StartLine(None if message is None else self._str(message), span_of(meta))

    def user_line(self, meta: Meta, children: list[Any]) -> ast.UserLine:
        return ast.UserLine(self._str(children[0]), span_of(meta))

    def upload_line(self, meta: Meta, children: list[Any]) -> ast.UploadLine:
        return ast.UploadLine(self._str(children[0]), children[1], span_of(meta))

    def file_size(self, meta: Meta, children: list[Any]) -> ast.Size:
        token = children[0]
        try:
            size = size_bytes(str(token))
        except LiteralProblem as problem:
            self._literal_problem(token, problem)
            size = 0
        return ast.Size(size, str(token), span_of(token))

    def returns_line(self, meta: Meta, children: list[Any]) -> ast.ReturnsLine:
        integration, status, body = children
        return ast.ReturnsLine(self._name(integration), status, body, span_of(meta))

    def status(self, meta: Meta, children: list[Any]) -> int:
        return int(children[0])

    def fails_line(self, meta: Meta, children: list[Any]) -> ast.FailsLine:
        return ast.FailsLine(self._name(children[0]), span_of(meta))

    def rich_content_line(self, meta: Meta, children: list[Any]) -> ast.RichContentLine:
        return ast.RichContentLine(children[0], span_of(meta))

    def signal_line(self, meta: Meta, children: list[Any]) -> ast.SignalLine:
        return ast.SignalLine(self._str(children[0]), span_of(meta))

    def bot_line(self, meta: Meta, children: list[Any]) -> ast.BotLine:
        return ast.BotLine(self._str(children[0]), False, span_of(meta))

    def agents_line(self, meta: Meta, children: list[Any]) -> ast.BotLine:
        return ast.BotLine(self._str(children[0]), True, span_of(meta))

    def expect_line(self, meta: Meta, children: list[Any]) -> ast.ExpectLine:
        kind, argument = children[0]
        return ast.ExpectLine(kind, argument, span_of(meta))

    def expect_transfer(self, meta: Meta, children: list[Any]) -> tuple[str, str | None]:
        return "transfer", children[0]

    def transfer_skill(self, meta: Meta, children: list[Any]) -> str:
        return str(children[0])

    def expect_close(self, meta: Meta, children: list[Any]) -> tuple[str, str | None]:
        return "close", None

    def expect_card(self, meta: Meta, children: list[Any]) -> tuple[str, str | None]:
        return "card", None

    def expect_pause(self, meta: Meta, children: list[Any]) -> tuple[str, str | None]:
        duration = children[0]
        if duration is not None:
            self._duration(duration)
        return "pause", None if duration is None else str(duration)

    def expect_invoke(self, meta: Meta, children: list[Any]) -> tuple[str, str | None]:
        return "invoke", None if children[0] is None else str(children[0])

    def expect_signal(self, meta: Meta, children: list[Any]) -> tuple[str, str | None]:
        return "signal", None

    def expect_secure_form(self, meta: Meta, children: list[Any]) -> tuple[str, str | None]:
        return "secure form", None if children[0] is None else str(children[0])

    def expect_priority(self, meta: Meta, children: list[Any]) -> tuple[str, str | None]:
        return "priority", children[0]

    def expected_priority(self, meta: Meta, children: list[Any]) -> str:
        return str(children[0])

    def expect_nothing(self, meta: Meta, children: list[Any]) -> tuple[str, str | None]:
        return "nothing", None
