"""Where a module holds templates and expressions, each marked with whether it belongs to
an integration (the only place `secret.NAME` may be read, LANGUAGE.md 6)."""

from __future__ import annotations

from collections.abc import Iterator

from dsl.ast import (
    AskStep,
    CallStep,
    CardStep,
    EscalateStep,
    Expr,
    InvokeStep,
    Json,
    Module,
    SayStep,
    SecureFormStep,
    SetStep,
    SignalStep,
    SkillById,
    Str,
    UploadStep,
    WhenBranch,
)


def template_strings(module: Module) -> Iterator[tuple[Str, bool]]:
    """Every template string, with True when it belongs to an integration."""
    for integration in module.integrations:
        yield integration.url, True
        for header in integration.headers:
            yield header.value, True
    for dialog in module.dialogs:
        for step in dialog.steps:
            for string in _step_templates(step):
                yield string, False


def template_payloads(module: Module) -> Iterator[tuple[Json, bool]]:
    """Every JSON payload whose string leaves are templates (integration bodies, cards,
    message metadata, `invoke` and `signal` payloads)."""
    for integration in module.integrations:
        if integration.body is not None:
            yield integration.body, True
    for dialog in module.dialogs:
        for step in dialog.steps:
            if isinstance(step, CardStep) and step.content is not None:
                yield step.content, False
            if isinstance(step, SayStep | CardStep) and step.options.metadata is not None:
                yield step.options.metadata, False
            if isinstance(step, InvokeStep | SignalStep) and step.payload is not None:
                yield step.payload, False


def expressions(module: Module) -> Iterator[tuple[Expr, bool]]:
    """Every expression (`store`, `when`, `set`), with True when it belongs to an integration."""
    for integration in module.integrations:
        for store in integration.stores:
            yield store.expression, True
    for dialog in module.dialogs:
        for step in dialog.steps:
            if isinstance(step, AskStep | CallStep):
                for branch in step.branches:
                    if isinstance(branch, WhenBranch):
                        yield branch.condition, False
            if isinstance(step, SetStep):
                yield step.expression, False


def step_template_strings(step: object) -> Iterator[Str]:
    """The template strings of one step (its texts, quick replies, skill and agent ids)."""
    return _step_templates(step)


def _step_templates(step: object) -> Iterator[Str]:
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
