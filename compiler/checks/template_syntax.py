"""Templates and expressions that Jinja2 cannot parse, with the caret on the culprit."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.checks.context import CheckContext
from compiler.jinja_syntax import expression_problem, template_problem
from compiler.json_leaves import string_leaves
from compiler.positions import char_span_in_expression, char_span_in_string
from dsl.ast import (
    AskStep,
    CallStep,
    CardStep,
    EscalateStep,
    Expr,
    Json,
    SayStep,
    SecureFormStep,
    SetStep,
    SkillById,
    Str,
    UploadStep,
    WhenBranch,
)
from dsl.diagnostics import Diagnostic

_TEMPLATE_HINT = "check the `{{ ... }}` blocks: each holds one Jinja2 expression"
_EXPRESSION_HINT = "write a Jinja2 expression, e.g. answer is number or answer == \"yes\""


def check_template_syntax(context: CheckContext) -> Iterator[Diagnostic]:
    """An error for each template string, JSON payload or expression Jinja2 rejects."""
    for string in _template_strings(context):
        problem = template_problem(string.value)
        if problem is not None:
            yield context.error(
                char_span_in_string(string, problem.offset, problem.length),
                f"this template cannot be parsed: {problem.message}",
                _TEMPLATE_HINT,
            )
    for payload in _template_payloads(context):
        for path, leaf in string_leaves(payload.value):
            problem = template_problem(leaf)
            if problem is not None:
                yield context.error(
                    payload.span,
                    f"the template at {path} cannot be parsed: {problem.message}",
                    _TEMPLATE_HINT,
                )
    for expression in _expressions(context):
        found = expression_problem(expression.source)
        if found is not None:
            yield context.error(
                char_span_in_expression(expression, found.offset, found.length),
                f"this expression cannot be parsed: {found.message}",
                _EXPRESSION_HINT,
            )


def _template_strings(context: CheckContext) -> Iterator[Str]:
    for integration in context.module.integrations:
        yield integration.url
        yield from (header.value for header in integration.headers)
    for dialog in context.module.dialogs:
        for step in dialog.steps:
            if isinstance(step, SayStep):
                yield step.text
            if isinstance(step, SayStep | CardStep):
                yield from step.options.quick_replies
                if step.options.encoded_metadata is not None:
                    yield step.options.encoded_metadata
            if isinstance(step, AskStep):
                yield step.question
                yield from step.quick_replies
            if isinstance(step, UploadStep):
                yield step.message
            if isinstance(step, EscalateStep):
                if isinstance(step.skill, SkillById) and isinstance(step.skill.value, Str):
                    yield step.skill.value
                if isinstance(step.agent, Str):
                    yield step.agent
                if step.message is not None:
                    yield step.message
            if isinstance(step, SecureFormStep):
                yield step.title


def _template_payloads(context: CheckContext) -> Iterator[Json]:
    for integration in context.module.integrations:
        if integration.body is not None:
            yield integration.body
    for dialog in context.module.dialogs:
        for step in dialog.steps:
            if isinstance(step, CardStep) and step.content is not None:
                yield step.content


def _expressions(context: CheckContext) -> Iterator[Expr]:
    for integration in context.module.integrations:
        yield from (store.expression for store in integration.stores)
    for dialog in context.module.dialogs:
        for step in dialog.steps:
            if isinstance(step, AskStep | CallStep):
                for branch in step.branches:
                    if isinstance(branch, WhenBranch):
                        yield branch.condition
            if isinstance(step, SetStep):
                yield step.expression

