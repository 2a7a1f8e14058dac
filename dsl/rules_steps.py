"""Rule methods for the steps of a dialog (LANGUAGE.md 5), their branches and options."""

from __future__ import annotations

from typing import Any

import attrs

from botc.dsl import ast
from botc.dsl.rules_base import Part, RuleBase

_SILENTLY = "silently"


class StepRules(RuleBase):
    """One method per step rule of `grammar/bot.lark`."""

    def labelled_step(self, span: ast.Span, children: list[Any]) -> ast.Step:
        label, step = children
        result: ast.Step = attrs.evolve(step, label=self._name(label), span=span)
        return result

    def say_step(self, span: ast.Span, children: list[Any]) -> ast.SayStep:
        to_agents, text, options = children
        return ast.SayStep(
            self._str(text), to_agents is not None, options or ast.NO_OPTIONS, None, span
        )

    def to_agents(self, span: ast.Span, children: list[Any]) -> bool:
        return True

    def card_step(self, span: ast.Span, children: list[Any]) -> ast.CardStep:
        content, options = children
        options = options or ast.NO_OPTIONS
        if isinstance(content, ast.Json):
            return ast.CardStep(content, None, options, None, span)
        return ast.CardStep(None, content, options, None, span)

    def card_file(self, span: ast.Span, children: list[Any]) -> ast.Str:
        return self._str(children[0])

    def message_options(self, span: ast.Span, children: list[Any]) -> ast.MessageOptions:
        parts = self._parts(children, "message")
        metadata = parts.get("metadata")
        encoded = parts.get("encoded_metadata")
        replies = parts.get("quick_replies")
        return ast.MessageOptions(
            metadata=metadata.value if metadata else None,
            encoded_metadata=encoded.value if encoded else None,
            quick_replies=replies.value if replies else (),
        )

    def metadata_option(self, span: ast.Span, children: list[Any]) -> Part:
        return Part("metadata", children[0], span)

    def encoded_metadata_option(self, span: ast.Span, children: list[Any]) -> Part:
        return Part("encoded_metadata", self._str(children[0]), span)

    def quick_replies_option(self, span: ast.Span, children: list[Any]) -> Part:
        return Part("quick_replies", children[0], span)

    def pause_step(self, span: ast.Span, children: list[Any]) -> ast.PauseStep:
        duration, without_typing = children
        return ast.PauseStep(self._duration(duration), without_typing is None, None, span)

    def without_typing(self, span: ast.Span, children: list[Any]) -> bool:
        return True

    def ask_step(self, span: ast.Span, children: list[Any]) -> ast.AskStep:
        field, question, *options = (child for child in children if child is not None)
        replies = self._parts(options, "question").get("quick_replies")
        return ast.AskStep(
            field=self._name(field),
            question=self._str(question),
            quick_replies=replies.value if replies else (),
            branches=tuple(o for o in options if not isinstance(o, Part)),
            label=None,
            span=span,
        )

    def call_step(self, span: ast.Span, children: list[Any]) -> ast.CallStep:
        integration, *branches = (child for child in children if child is not None)
        return ast.CallStep(self._name(integration), tuple(branches), None, span)

    def when_branch(self, span: ast.Span, children: list[Any]) -> ast.WhenBranch:
        return ast.WhenBranch(self._expr(children[0]), children[1], span)

    def otherwise_branch(self, span: ast.Span, children: list[Any]) -> ast.OtherwiseBranch:
        return ast.OtherwiseBranch(children[0], span)

    def outcome_branch(self, span: ast.Span, children: list[Any]) -> ast.OutcomeBranch:
        return ast.OutcomeBranch(children[0], children[1], span)

    def outcome(self, span: ast.Span, children: list[Any]) -> str:
        return str(children[0])

    def label_target(self, span: ast.Span, children: list[Any]) -> ast.LabelTarget:
        return ast.LabelTarget(self._name(children[0]), span)

    def dialog_target(self, span: ast.Span, children: list[Any]) -> ast.DialogTarget:
        return ast.DialogTarget(self._name(children[0]), span)

    def next_target(self, span: ast.Span, children: list[Any]) -> ast.NextTarget:
        return ast.NextTarget(span)

    def end_target(self, span: ast.Span, children: list[Any]) -> ast.EndTarget:
        return ast.EndTarget(span)

    def upload_step(self, span: ast.Span, children: list[Any]) -> ast.UploadStep:
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
            span=span,
        )

    def accept_setting(self, span: ast.Span, children: list[Any]) -> Part:
        return Part("accept", tuple(self._name(token) for token in children), span)

    def upload_text(self, span: ast.Span, children: list[Any]) -> Part:
        return Part(children[0], self._str(children[1]), span)

    def upload_text_kind(self, span: ast.Span, children: list[Any]) -> str:
        return str(children[0])

    def escalate_step(self, span: ast.Span, children: list[Any]) -> ast.EscalateStep:
        skill, agent, message, with_context = children
        return ast.EscalateStep(
            skill=skill,
            agent=agent,
            message=None if message in (None, _SILENTLY) else message,
            silently=message == _SILENTLY,
            with_context=with_context is not None,
            label=None,
            span=span,
        )

    def skill_by_id(self, span: ast.Span, children: list[Any]) -> ast.SkillById:
        return ast.SkillById(self._int_or_str(children[0]), span)

    def skill_by_name(self, span: ast.Span, children: list[Any]) -> ast.SkillByName:
        return ast.SkillByName(self._str(children[0]), span)

    def agent(self, span: ast.Span, children: list[Any]) -> int | ast.Str:
        return self._int_or_str(children[0])

    def escalation_text(self, span: ast.Span, children: list[Any]) -> ast.Str:
        return self._str(children[0])

    def silently(self, span: ast.Span, children: list[Any]) -> str:
        return _SILENTLY

    def with_context(self, span: ast.Span, children: list[Any]) -> bool:
        return True

    def invoke_step(self, span: ast.Span, children: list[Any]) -> ast.InvokeStep:
        function, payload, fail_on_error = children
        return ast.InvokeStep(self._name(function), payload, fail_on_error is not None, None, span)

    def invoke_payload(self, span: ast.Span, children: list[Any]) -> ast.Json:
        payload: ast.Json = children[0]
        return payload

    def fail_on_error(self, span: ast.Span, children: list[Any]) -> bool:
        return True

    def signal_step(self, span: ast.Span, children: list[Any]) -> ast.SignalStep:
        return ast.SignalStep(children[0], None, span)

    def secure_form_step(self, span: ast.Span, children: list[Any]) -> ast.SecureFormStep:
        return ast.SecureFormStep(int(children[0]), self._str(children[1]), None, span)

    def close_step(self, span: ast.Span, children: list[Any]) -> ast.CloseStep:
        return ast.CloseStep(children[0] is not None, None, span)

    def without_survey(self, span: ast.Span, children: list[Any]) -> bool:
        return True

    def priority_step(self, span: ast.Span, children: list[Any]) -> ast.PriorityStep:
        level, custom = children[0]
        return ast.PriorityStep(level, custom, None, span)

    def priority_level(
        self, span: ast.Span, children: list[Any]
    ) -> tuple[str, ast.Duration | None]:
        if len(children) == 2:
            return "custom", self._duration(children[1])
        return str(children[0]), None

    def set_step(self, span: ast.Span, children: list[Any]) -> ast.SetStep:
        (field, bot_context), expression = children
        return ast.SetStep(field, bot_context, self._expr(expression), None, span)

    def custom_field(self, span: ast.Span, children: list[Any]) -> tuple[ast.Name, bool]:
        return self._name(children[0]), False

    def bot_context_field(self, span: ast.Span, children: list[Any]) -> tuple[ast.Name, bool]:
        return self._name(children[0]), True

    def goto_step(self, span: ast.Span, children: list[Any]) -> ast.GotoStep:
        return ast.GotoStep(children[0], None, span)

    def end_step(self, span: ast.Span, children: list[Any]) -> ast.EndStep:
        return ast.EndStep(None, span)
