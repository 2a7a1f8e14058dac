"""Literal values the platform would refuse: encoded metadata, intent ids and confidence,
integration timeouts, pause lengths, skill and agent ids, escalation attempts, quick
replies (count and the json-pollock `quickReplies` rules), `invoke` / `signal` payloads
that are not objects."""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.step_kinds import step_kind
from botc.dsl.ast import (
    AskStep,
    CardStep,
    EscalateStep,
    InvokeStep,
    Json,
    PauseStep,
    PriorityStep,
    SayStep,
    SignalStep,
    SkillById,
    Span,
    Step,
    Str,
)
from botc.dsl.diagnostics import Diagnostic
from botc.runtime.defaults import ENCODED_METADATA_MAX_CHARS, QUICK_REPLIES_MAX, QUICK_REPLIES_MIN
from botc.runtime.wire.pollock import quick_replies, quick_replies_problems

_TEMPLATE_MARK = re.compile(r"\{\{|\{%|\{\$|\{[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_]")
_WHOLE_NUMBER = re.compile(r"[0-9]+")
_SPACE = re.compile(r"\s")  # what `str.isspace` takes, character by character
_REPLY_INDEX = re.compile(r"^\$\.replies\[(\d+)\]")


def is_template(text: str) -> bool:
    """True when the text has a `{{ ... }}` block or a Conversation Builder variable."""
    return _TEMPLATE_MARK.search(text) is not None


def check_literals(context: CheckContext) -> Iterator[Diagnostic]:
    """Errors for literal values outside what the platform accepts."""
    bot = context.module.bot
    if bot is not None and bot.escalation_attempts is not None and bot.escalation_attempts < 1:
        yield context.error(
            "BOT602",
            bot.span,
            f"`escalation attempts {bot.escalation_attempts}` is less than 1",
            "write a whole number of 1 or more (the default is 4)",
        )
    for integration in context.module.integrations:
        if integration.timeout is not None and integration.timeout.milliseconds < 1:
            yield context.error(
                "BOT602",
                integration.timeout.span,
                f"`timeout {integration.timeout.text}` would fail every call at once",
                "give the integration time to answer, e.g. timeout 5s (the default is 10s)",
            )
    for dialog in context.steps.dialogs:
        if dialog.intent is not None:
            yield from _check_intent(context, dialog.intent.id, dialog.intent.confidence,
                                     dialog.intent.span)
    for _, step in context.steps.of_kinds(*_KINDS_WITH_LITERALS):
        yield from _check_step(context, step)


# The kinds `_check_step` looks at (the others hold no literal it checks).
_KINDS_WITH_LITERALS = (
    SayStep, CardStep, AskStep, PauseStep, PriorityStep, EscalateStep, InvokeStep, SignalStep
)


def _check_step(context: CheckContext, step: Step) -> Iterator[Diagnostic]:
    """The literal values of the kinds of step that have some."""
    match step:
        case SayStep() | CardStep() if step.options.encoded_metadata is not None:
            yield from _check_encoded_metadata(context, step.options.encoded_metadata)
    match step:
        case SayStep() if step.options.quick_replies:
            yield from _check_quick_replies(context, step.options.quick_replies)
        case AskStep() if step.quick_replies:
            yield from _check_quick_replies(context, step.quick_replies)
        case PauseStep():
            yield from _check_seconds(context, step.duration.milliseconds,
                                      step.duration.text, step.duration.span, "a `pause`")
        case PriorityStep() if step.custom is not None:
            yield from _check_seconds(context, step.custom.milliseconds, step.custom.text,
                                      step.custom.span, "a custom priority")
        case EscalateStep():
            yield from _check_escalate(context, step)
        case InvokeStep() | SignalStep() if step.payload is not None:
            yield from _check_payload(context, step.payload, step_kind(step).keyword)


def _check_payload(context: CheckContext, payload: Json, step: str) -> Iterator[Diagnostic]:
    # WIRE.md 2: INVOKE_FUNCTION and SIGNAL carry their payload as a JSON object.
    if not isinstance(payload.value, dict):
        yield context.error(
            "BOT308",
            payload.span,
            f"the payload of `{step}` must be a JSON object, not {_json_kind(payload.value)}",
            'wrap it in an object, e.g. {"value": ...}',
        )


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return "a number"
    return "a string" if isinstance(value, str) else "an array"


def _check_quick_replies(context: CheckContext, replies: tuple[Str, ...]) -> Iterator[Diagnostic]:
    if not replies:
        return
    if not QUICK_REPLIES_MIN <= len(replies) <= QUICK_REPLIES_MAX:
        yield context.error(
            "BOT306",
            replies[min(len(replies) - 1, QUICK_REPLIES_MAX)].span,
            f"{len(replies)} quick replies; the platform takes "
            f"{QUICK_REPLIES_MIN} to {QUICK_REPLIES_MAX}",
            "offer fewer choices, or ask an open question",
        )
        return
    if any(is_template(reply.value) for reply in replies):
        return  # rendered at run time
    for path, message in _reply_problems(tuple(reply.value for reply in replies)):
        found = _REPLY_INDEX.match(path)
        reply = replies[int(found.group(1))] if found else replies[0]
        yield context.error(
            "BOT306",
            reply.span,
            f"this quick reply breaks the platform's rules: {message}",
            "shorten the reply text",
        )


@functools.lru_cache(maxsize=1024)
def _reply_problems(titles: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(path, message) of each json-pollock rule the replies break; bots repeat their sets."""
    return tuple(
        (problem.path, problem.message)
        for problem in quick_replies_problems(quick_replies(list(titles)))
    )


def _check_intent(
    context: CheckContext, intent_id: Str, confidence: float | None, span: Span
) -> Iterator[Diagnostic]:
    if not intent_id.value or _SPACE.search(intent_id.value):
        yield context.error(
            "BOT602",
            intent_id.span,
            f"intent id \"{intent_id.value}\" has white space in it"
            if intent_id.value else "intent id is empty",
            "write the id as one word, e.g. \"check-balance\"",
        )
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        yield context.error(
            "BOT602",
            span,
            f"intent confidence {confidence} is outside 0..1",
            "write a confidence between 0 and 1, e.g. confidence 0.9",
        )


def _check_encoded_metadata(context: CheckContext, encoded: Str) -> Iterator[Diagnostic]:
    text = encoded.value
    if is_template(text):
        return  # rendered at run time; the runtime drops a bad result
    if len(text) > ENCODED_METADATA_MAX_CHARS:
        yield context.error(
            "BOT307",
            encoded.span,
            f"encoded metadata is {len(text)} characters long; the limit is "
            f"{ENCODED_METADATA_MAX_CHARS}",
            "send less metadata, or send it as `metadata [...]` instead",
        )
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        yield context.error(
            "BOT307",
            encoded.span,
            "encoded metadata is not valid base64",
            "encode the metadata JSON with base64 (A-Z, a-z, 0-9, +, / and = padding)",
        )


def _check_seconds(
    context: CheckContext, milliseconds: int, text: str, span: Span, what: str
) -> Iterator[Diagnostic]:
    if milliseconds < 1000 or milliseconds % 1000:
        yield context.error(
            "BOT602",
            span,
            f"{what} of {text} is not a whole number of seconds (at least 1s)",
            "write whole seconds, e.g. 2s",
        )


def _check_escalate(context: CheckContext, step: EscalateStep) -> Iterator[Diagnostic]:
    skill = step.skill.value if isinstance(step.skill, SkillById) else None
    if (
        isinstance(skill, Str)
        and not is_template(skill.value)
        and not _WHOLE_NUMBER.fullmatch(skill.value)
    ):
        yield context.error(
            "BOT603",
            skill.span,
            f"skill id {skill.raw or repr(skill.value)} is not a whole number",
            "write the skill's numeric id, or `to skill named \"...\"` for a skill name",
        )
    if isinstance(skill, int) and skill < 0:
        yield context.error("BOT603", step.skill.span, f"skill id {skill} is negative",
                            "write the skill's numeric id")
    agent = step.agent
    if (
        isinstance(agent, Str)
        and not is_template(agent.value)
        and not _WHOLE_NUMBER.fullmatch(agent.value)
    ):
        yield context.error(
            "BOT603",
            agent.span,
            f"agent id {agent.raw or repr(agent.value)} is not a whole number",
            "write the agent's numeric id",
        )
