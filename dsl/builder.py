"""The AST builder: a lark `Transformer` with one method per rule of `grammar/bot.lark`.

In: the parse tree of one file (built with `propagate_positions=True`). Out: the tuple of
`dsl.ast` declarations, and in `problems` every mistake the grammar cannot see (a bad
escape, a setting given twice, an integration with no `api` line...), each a `Diagnostic`.
"""

from __future__ import annotations

import math
from typing import Any, Literal, cast

import attrs
from lark import Token, Transformer, v_args
from lark.tree import Meta

from dsl import ast
from dsl.diagnostics import Diagnostic
from dsl.literals import LiteralProblem, decode_string, duration_ms, size_bytes


@attrs.frozen
class Part:
    """A line that fills one field of its parent (`timeout 5s`, `metadata [...]`...)."""

    kind: str
    value: Any
    span: ast.Span


def span_of(meta: Meta | Token) -> ast.Span:
    """The `Span` of a tree node's meta or of a token."""
    return ast.Span(meta.line or 1, meta.column or 1, meta.end_line or 1, meta.end_column or 1)


_SILENTLY = "silently"
# What a dialog says before its steps.
_DIALOG_HEAD = (ast.UserSays, ast.OnEvent, ast.Intent)


@v_args(meta=True)
class AstBuilder(Transformer[Token, Any]):
    """Builds `dsl.ast` nodes; collects problems instead of stopping at the first."""

    def __init__(self, filename: str) -> None:
        super().__init__(visit_tokens=False)
        self.filename = filename
        self.problems: list[Diagnostic] = []
        # "a part is missing": the one kind of problem a recovered error can cause.
        self.completeness_problems: list[Diagnostic] = []

    # ------------------------------------------------------------ shared pieces

    def _problem(self, message: str, span: ast.Span, hint: str | None = None) -> None:
        self.problems.append(Diagnostic("error", message, span, self.filename, hint))

    def _literal_problem(self, token: Token, problem: LiteralProblem) -> None:
        line, column = token.line or 1, (token.column or 1) + problem.offset
        span = ast.Span(line, column, line, column + problem.width)
        self._problem(problem.message, span, problem.hint)

    def _name(self, token: Token) -> ast.Name:
        return ast.Name(str(token), span_of(token))

    def _str(self, token: Token) -> ast.Str:
        try:
            value = decode_string(str(token))
        except LiteralProblem as problem:
            self._literal_problem(token, problem)
            value = str(token)[1:-1]
        return ast.Str(value, str(token), span_of(token))

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
                )
            else:
                found[part.kind] = part
        return found

    # ------------------------------------------------------------ top level

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
                )
            )
            kind, method, url = "api", "GET", ast.Str("", '""', name.span)
        else:
            kind, method, url = endpoint.value
        kind = cast(Literal["api", "file"], kind)
        method = cast(ast.HttpMethod, method)
        body = parts.get("body")
        timeout = parts.get("timeout")
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
            )
        return ast.Intent(intent_id, self._str(children[1]), children[2], span_of(meta))

    def confidence(self, meta: Meta, children: list[Any]) -> float:
        value = float(children[0])
        if not 0.0 <= value <= 1.0:
            self._problem(
                f"a confidence is between 0 and 1, not {children[0]}",
                span_of(children[0]),
                "write it like `confidence 0.9`",
            )
        return value

    # ------------------------------------------------------------ steps

    def labelled_step(self, meta: Meta, children: list[Any]) -> ast.Step:
        label, step = children
        result: ast.Step = attrs.evolve(step, label=self._name(label), span=span_of(meta))
        return result

    def say_step(self, meta: Meta, children: list[Any]) -> ast.SayStep:
        to_agents, text, options = children
        return ast.SayStep(
            self._str(text), to_agents is not None, options or ast.NO_OPTIONS, None, span_of(meta)
        )

    def to_agents(self, meta: Meta, children: list[Any]) -> bool:
        return True

    def card_step(self, meta: Meta, children: list[Any]) -> ast.CardStep:
        content, options = children
        options = options or ast.NO_OPTIONS
        if isinstance(content, ast.Json):
            return ast.CardStep(content, None, options, None, span_of(meta))
        return ast.CardStep(None, content, options, None, span_of(meta))

    def card_file(self, meta: Meta, children: list[Any]) -> ast.Str:
        return self._str(children[0])

    def message_options(self, meta: Meta, children: list[Any]) -> ast.MessageOptions:
        parts = self._parts(children, "message")
        metadata = parts.get("metadata")
        encoded = parts.get("encoded_metadata")
        replies = parts.get("quick_replies")
        return ast.MessageOptions(
            metadata=metadata.value if metadata else None,
            encoded_metadata=encoded.value if encoded else None,
            quick_replies=replies.value if replies else (),
        )

    def metadata_option(self, meta: Meta, children: list[Any]) -> Part:
        return Part("metadata", children[0], span_of(meta))

    def encoded_metadata_option(self, meta: Meta, children: list[Any]) -> Part:
        return Part("encoded_metadata", self._str(children[0]), span_of(meta))

    def quick_replies_option(self, meta: Meta, children: list[Any]) -> Part:
        return Part("quick_replies", children[0], span_of(meta))

    def pause_step(self, meta: Meta, children: list[Any]) -> ast.PauseStep:
        duration, without_typing = children
        return ast.PauseStep(self._duration(duration), without_typing is None, None, span_of(meta))

    def without_typing(self, meta: Meta, children: list[Any]) -> bool:
        return True

    def ask_step(self, meta: Meta, children: list[Any]) -> ast.AskStep:
        field, question, *options = (child for child in children if child is not None)
        replies = self._parts(options, "question").get("quick_replies")
        return ast.AskStep(
            field=self._name(field),
            question=self._str(question),
            quick_replies=replies.value if replies else (),
            branches=tuple(o for o in options if not isinstance(o, Part)),
            label=None,
            span=span_of(meta),
        )

    def call_step(self, meta: Meta, children: list[Any]) -> ast.CallStep:
        integration, *branches = (child for child in children if child is not None)
        return ast.CallStep(self._name(integration), tuple(branches), None, span_of(meta))

    def when_branch(self, meta: Meta, children: list[Any]) -> ast.WhenBranch:
        return ast.WhenBranch(self._expr(children[0]), children[1], span_of(meta))

    def otherwise_branch(self, meta: Meta, children: list[Any]) -> ast.OtherwiseBranch:
        return ast.OtherwiseBranch(children[0], span_of(meta))

    def outcome_branch(self, meta: Meta, children: list[Any]) -> ast.OutcomeBranch:
        return ast.OutcomeBranch(children[0], children[1], span_of(meta))

    def outcome(self, meta: Meta, children: list[Any]) -> str:
        return str(children[0])

    def label_target(self, meta: Meta, children: list[Any]) -> ast.LabelTarget:
        return ast.LabelTarget(self._name(children[0]), span_of(meta))

    def dialog_target(self, meta: Meta, children: list[Any]) -> ast.DialogTarget:
        return ast.DialogTarget(self._name(children[0]), span_of(meta))

    def next_target(self, meta: Meta, children: list[Any]) -> ast.NextTarget:
        return ast.NextTarget(span_of(meta))

    def end_target(self, meta: Meta, children: list[Any]) -> ast.EndTarget:
        return ast.EndTarget(span_of(meta))

    def upload_step(self, meta: Meta, children: list[Any]) -> ast.UploadStep:
        message, *settings = (child for child in children if child is not None)
        parts = self._parts(settings, "upload")

        def text(kind: str) -> ast.Str | None:
            part = parts.get(kind)
            return part.value if part else None

        accept = parts.get("accept")
        return ast.UploadStep(
            message=self._str(message),
            accept=accept.value if accept else (),
            success=text("success"),
            failure=text("failure"),
            invalid=text("invalid"),
            progress=text("progress"),
            label=None,
            span=span_of(meta),
        )

    def accept_setting(self, meta: Meta, children: list[Any]) -> Part:
        return Part("accept", tuple(self._name(token) for token in children), span_of(meta))

    def upload_text(self, meta: Meta, children: list[Any]) -> Part:
        return Part(children[0], self._str(children[1]), span_of(meta))

    def upload_text_kind(self, meta: Meta, children: list[Any]) -> str:
        return str(children[0])

    def escalate_step(self, meta: Meta, children: list[Any]) -> ast.EscalateStep:
        skill, agent, message, with_context = children
        return ast.EscalateStep(
            skill=skill,
            agent=agent,
            message=None if message in (None, _SILENTLY) else message,
            silently=message == _SILENTLY,
            with_context=with_context is not None,
            label=None,
            span=span_of(meta),
        )

    def _int_or_str(self, token: Token) -> int | ast.Str:
        return int(token) if token.type == "INT" else self._str(token)

    def skill_by_id(self, meta: Meta, children: list[Any]) -> ast.SkillById:
        return ast.SkillById(self._int_or_str(children[0]), span_of(meta))

    def skill_by_name(self, meta: Meta, children: list[Any]) -> ast.SkillByName:
        return ast.SkillByName(self._str(children[0]), span_of(meta))

    def agent(self, meta: Meta, children: list[Any]) -> int | ast.Str:
        return self._int_or_str(children[0])

    def escalation_text(self, meta: Meta, children: list[Any]) -> ast.Str:
        return self._str(children[0])

    def silently(self, meta: Meta, children: list[Any]) -> str:
        return _SILENTLY

    def with_context(self, meta: Meta, children: list[Any]) -> bool:
        return True

    def invoke_step(self, meta: Meta, children: list[Any]) -> ast.InvokeStep:
        function, payload, fail_on_error = children
        return ast.InvokeStep(
            self._name(function), payload, fail_on_error is not None, None, span_of(meta)
        )

    def invoke_payload(self, meta: Meta, children: list[Any]) -> ast.Json:
        payload: ast.Json = children[0]
        return payload

    def fail_on_error(self, meta: Meta, children: list[Any]) -> bool:
        return True

    def signal_step(self, meta: Meta, children: list[Any]) -> ast.SignalStep:
        return ast.SignalStep(children[0], None, span_of(meta))

    def secure_form_step(self, meta: Meta, children: list[Any]) -> ast.SecureFormStep:
        return ast.SecureFormStep(int(children[0]), self._str(children[1]), None, span_of(meta))

    def close_step(self, meta: Meta, children: list[Any]) -> ast.CloseStep:
        return ast.CloseStep(children[0] is not None, None, span_of(meta))

    def without_survey(self, meta: Meta, children: list[Any]) -> bool:
        return True

    def priority_step(self, meta: Meta, children: list[Any]) -> ast.PriorityStep:
        level, custom = children[0]
        return ast.PriorityStep(level, custom, None, span_of(meta))

    def priority_level(self, meta: Meta, children: list[Any]) -> tuple[str, ast.Duration | None]:
        if len(children) == 2:
            return "custom", self._duration(children[1])
        return str(children[0]), None

    def set_step(self, meta: Meta, children: list[Any]) -> ast.SetStep:
        (field, bot_context), expression = children
        return ast.SetStep(field, bot_context, self._expr(expression), None, span_of(meta))

    def custom_field(self, meta: Meta, children: list[Any]) -> tuple[ast.Name, bool]:
        return self._name(children[0]), False

    def bot_context_field(self, meta: Meta, children: list[Any]) -> tuple[ast.Name, bool]:
        return self._name(children[0]), True

    def goto_step(self, meta: Meta, children: list[Any]) -> ast.GotoStep:
        return ast.GotoStep(children[0], None, span_of(meta))

    def end_step(self, meta: Meta, children: list[Any]) -> ast.EndStep:
        return ast.EndStep(None, span_of(meta))

    def _expr(self, token: Token) -> ast.Expr:
        """An expression's text, without the blanks before a trailing `->` or comment."""
        source = str(token).rstrip()
        line, column = token.line or 1, token.column or 1
        return ast.Expr(source, ast.Span(line, column, line, column + len(source)))

    # ------------------------------------------------------------ tests

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

    # ------------------------------------------------------------ JSON

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
            self._problem(
                f"bad JSON: the number {text} is too large", span_of(children[0]), None
            )
        return value

    def json_true(self, meta: Meta, children: list[Any]) -> bool:
        return True

    def json_false(self, meta: Meta, children: list[Any]) -> bool:
        return False

    def json_null(self, meta: Meta, children: list[Any]) -> None:
        return None
