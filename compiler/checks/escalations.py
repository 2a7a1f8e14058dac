"""Escalations that cannot do what they say (LANGUAGE.md 5.5, 5.7).

- A dialog that catches `__agent_escalation_failed__` and escalates again before the
  consumer says anything: each failure starts the next transfer, so the bot keeps
  transferring until the `escalation attempts` stop, with nothing the consumer can do.
  With `escalation attempts 2` the bot tries once more and then stops: one retry the
  author bounded, not a loop (`ONE_RETRY_ATTEMPTS`).
- A dialog that catches the failure text when `escalation attempts 1` stops at the
  first failure: it never runs.
- `escalate to skill "{{ name }}"` where every value the file gives `name` is a text
  that is not a whole number: the transfer is never attempted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jinja2 import nodes

from botc.compiler.checks.context import CheckContext
from botc.compiler.flow import StepRef
from botc.compiler.pattern_languages import ModulePattern, module_patterns, route
from botc.compiler.template_trees import template_tree
from botc.dsl.ast import AskStep, EscalateStep, SetStep, SkillById, Step, Str
from botc.dsl.diagnostics import Diagnostic
from botc.runtime.defaults import ESCALATION_ATTEMPTS, ESCALATION_FAILED_TEXT, ONE_RETRY_ATTEMPTS
from botc.runtime.normalize import normalize

_WHOLE = re.compile(r"\s*-?[0-9]+\s*")


def check_escalations(context: CheckContext) -> Iterator[Diagnostic]:
    yield from _failure_handlers(context)
    yield from _skill_values(context)


def _failure_handlers(context: CheckContext) -> Iterator[Diagnostic]:
    bot = context.module.bot
    attempts = bot.escalation_attempts if bot and bot.escalation_attempts else None
    winner = route(module_patterns(context.module), normalize(ESCALATION_FAILED_TEXT))
    if winner is None:
        return
    if (attempts or ESCALATION_ATTEMPTS) <= 1:
        yield context.warning(
            "BOT420",
            winner.source.span,
            "this dialog never runs: with `escalation attempts 1` the first failed "
            "transfer already stops the escalation (the bot sends its stop text instead)",
            "raise `escalation attempts` in the `bot` block, or delete this dialog",
        )
        return
    if (attempts or ESCALATION_ATTEMPTS) > ONE_RETRY_ATTEMPTS:
        yield from _escalates_again(context, winner, attempts or ESCALATION_ATTEMPTS)


def _escalates_again(
    context: CheckContext, winner: ModulePattern, attempts: int
) -> Iterator[Diagnostic]:
    entry = context.flow.entries[winner.dialog]
    seen: set[StepRef] = set()
    pending = [entry] if entry is not None else []
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        step = context.flow.steps[ref]
        if _is_escalation(step):
            yield context.warning(
                "BOT419",
                step.span,
                "a failed transfer escalates again here before the consumer can answer, so "
                f"transfers repeat until `escalation attempts` ({attempts}) stops them",
                "ask the consumer first (`ask retry \"Shall I try again?\"`), or say when "
                "to come back instead",
            )
            continue
        pending.extend(context.flow.same_response.get(ref, ()))


def _is_escalation(step: Step) -> bool:
    """The step-kind dispatch of the failure-handler walk."""
    return isinstance(step, EscalateStep)


def _skill_values(context: CheckContext) -> Iterator[Diagnostic]:
    skills = [
        skill
        for _, step in context.steps.of_kind(EscalateStep)
        if (skill := _skill_template(step)) is not None
    ]
    values = _literal_field_values(context) if skills else {}
    for skill in skills:
        name = _single_name(skill.value)
        texts = values.get(name) if name is not None else None
        if texts and not any(_WHOLE.fullmatch(text) for text in texts):
            shown = ", ".join(repr(text) for text in sorted(texts))
            yield context.warning(
                "BOT421",
                skill.span,
                f"`{name}` is only ever set to {shown}, which is not a skill id: the "
                "transfer is never attempted and the consumer gets the default response",
                f'set it to the numeric id, or write `escalate to skill named "{texts[0]}"`',
            )


def _skill_template(step: Step) -> Str | None:
    """The step-kind dispatch: an `escalate to skill "{{ ... }}"` with a template id."""
    if (
        isinstance(step, EscalateStep)
        and isinstance(step.skill, SkillById)
        and isinstance(step.skill.value, Str)
    ):
        return step.skill.value
    return None


def _literal_field_values(context: CheckContext) -> dict[str, list[str]]:
    """For each field that only `set` steps give a value, the texts they set (or no entry
    when one of them is not a literal text, or an `ask` or integration sets it too)."""
    values: dict[str, list[str]] = {}
    unknown: set[str] = {integration.name.value for integration in context.module.integrations}
    for _, step in context.steps.of_kinds(AskStep, SetStep):
        if isinstance(step, AskStep):
            unknown.add(step.field.value)
        elif isinstance(step, SetStep):
            key = ("botContext." if step.bot_context else "") + step.field.value
            text = _literal_text(step.expression.source)
            if text is None:
                unknown.add(key)
            else:
                values.setdefault(key, []).append(text)
    return {name: texts for name, texts in values.items() if name not in unknown}


def _literal_text(expression: str) -> str | None:
    tree = template_tree("{{ " + expression + " }}")
    if tree is None or len(tree.body) != 1 or not isinstance(tree.body[0], nodes.Output):
        return None
    parts = tree.body[0].nodes
    if len(parts) == 1 and isinstance(parts[0], nodes.Const) and isinstance(parts[0].value, str):
        return parts[0].value
    return None


def _single_name(template: str) -> str | None:
    """`name` (or `botContext.name`) when the template is exactly `{{ name }}`."""
    tree = template_tree(template)
    if tree is None or len(tree.body) != 1 or not isinstance(tree.body[0], nodes.Output):
        return None
    parts = tree.body[0].nodes
    if len(parts) != 1:
        return None
    node = parts[0]
    if isinstance(node, nodes.Name):
        return node.name
    if (
        isinstance(node, nodes.Getattr)
        and isinstance(node.node, nodes.Name)
        and node.node.name == "botContext"
    ):
        return "botContext." + node.attr
    return None
