"""Names used but not declared: labels, dialogs, integrations and functions in steps,
branches and test lines; `call` of a function and `invoke` of an integration."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from compiler.checks.context import CheckContext
from compiler.flow import step_targets
from dsl.ast import (
    CallStep,
    DialogTarget,
    ExpectLine,
    FailsLine,
    InvokeStep,
    LabelTarget,
    Name,
    ReturnsLine,
    Target,
)
from dsl.diagnostics import Diagnostic


def check_references(context: CheckContext) -> Iterator[Diagnostic]:
    """An error for every reference to a name that is not declared (or is of the wrong kind)."""
    symbols = context.symbols
    for index, dialog in enumerate(context.module.dialogs):
        labels = symbols.labels[index]
        for step in dialog.steps:
            for target in step_targets(step):
                yield from _check_target(context, target, labels, dialog.name.value)
            if isinstance(step, CallStep):
                yield from _check_call(context, step.integration)
            if isinstance(step, InvokeStep):
                yield from _check_invoke(context, step.function)
    for test in context.module.tests:
        for line in test.lines:
            if isinstance(line, ReturnsLine | FailsLine):
                name = line.integration
                if name.value not in symbols.integrations:
                    yield context.error(
                        name.span,
                        f"no integration named `{name.value}`",
                        _suggest(name.value, symbols.integrations, "integration"),
                    )
            if (
                isinstance(line, ExpectLine)
                and line.kind == "invoke"
                and line.argument is not None
                and line.argument not in symbols.functions
            ):
                yield context.error(
                    line.span,
                    f"no function named `{line.argument}`",
                    _suggest(line.argument, symbols.functions, "function"),
                )


def _check_target(
    context: CheckContext, target: Target, labels: dict[str, int], dialog: str
) -> Iterator[Diagnostic]:
    if isinstance(target, LabelTarget) and target.label.value not in labels:
        name = target.label.value
        hint = _suggest(name, labels, "label")
        if name in context.symbols.dialogs:
            hint = f"to start the dialog `{name}`, write `dialog {name}`"
        yield context.error(
            target.label.span, f"no label `{name}` in dialog `{dialog}`", hint
        )
    if isinstance(target, DialogTarget) and target.dialog.value not in context.symbols.dialogs:
        name = target.dialog.value
        yield context.error(
            target.dialog.span,
            f"no dialog named `{name}`",
            _suggest(name, context.symbols.dialogs, "dialog"),
        )


def _check_call(context: CheckContext, name: Name) -> Iterator[Diagnostic]:
    if name.value in context.symbols.integrations:
        return
    if name.value in context.symbols.functions:
        yield context.error(
            name.span,
            f"`{name.value}` is a function, and `call` runs an integration",
            f"use `invoke {name.value}` to invoke a function",
        )
        return
    yield context.error(
        name.span,
        f"no integration named `{name.value}`",
        _suggest(name.value, context.symbols.integrations, "integration"),
    )


def _check_invoke(context: CheckContext, name: Name) -> Iterator[Diagnostic]:
    if name.value in context.symbols.functions:
        return
    if name.value in context.symbols.integrations:
        yield context.error(
            name.span,
            f"`{name.value}` is an integration, and `invoke` runs a function",
            f"use `call {name.value}` to call an integration",
        )
        return
    yield context.error(
        name.span,
        f"no function named `{name.value}`",
        _suggest(name.value, context.symbols.functions, "function"),
    )


def _suggest(name: str, known: Iterable[str], kind: str) -> str:
    """A 'did you mean' hint, or how to declare the name."""
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    if kind == "integration":
        return f'declare it: integration {name} / api GET "https://..."'
    if kind == "function":
        return f'declare it: function {name} "lambda-uuid"'
    if kind == "dialog":
        return f"declare it: dialog {name}"
    return f"put `{name}:` before the step to jump to"
