"""Rule methods for the steps of a dialog (LANGUAGE.md 5), their branches and options."""

from __future__ import annotations

from typing import Any

import attrs
from lark import v_args
from lark.tree import Meta

from botc.dsl import ast
from botc.dsl.rules_base import Part, RuleBase, span_of

_SILENTLY = "silently"


@v_args(meta=True)
class StepRules(RuleBase):
    """One method per step rule of `grammar/bot.lark`."""

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
