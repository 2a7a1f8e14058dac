"""Names used but not declared: labels, dialogs, integrations and functions in steps,
branches and test lines; `call` of a function and `invoke` of an integration."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from botc.compiler.checks.context import CheckContext
from botc.dsl.ast import (
    DialogTarget,
    ExpectLine,
    FailsLine,
    LabelTarget,
    Name,
    ReturnsLine,
    Target,
)
from botc.dsl.diagnostics import Diagnostic


def check_references(context: CheckContext) -> Iterator[Diagnostic]:
    """An error for every reference to a name that is not declared (or is of the wrong kind)."""
    symbols = context.symbols
    for index, dialog in enumerate(context.steps.dialogs):
        labels = symbols.labels[index]
        for parts in context.steps.in_dialog[index]:
            for target in parts.targets:
                yield from _check_target(context, target, labels, dialog.name.value)
            if parts.integration is not None:
                yield from _check_call(context, parts.integration)
            if parts.function is not None:
                yield from _check_invoke(context, parts.function)
    for test in context.module.tests:
        for line in test.lines:
            if isinstance(line, ReturnsLine | FailsLine):
                name = line.integration
                if name.value not in symbols.integrations:
                    yield context.error(
                        "BOT202",
                        name.span,
                        f"no integration named `{name.value}`",
                        *_suggest(name.value, symbols.integrations, "integration"),
                    )
            if (
                isinstance(line, ExpectLine)
                and line.kind == "invoke"
                and line.argument is not None
                and line.argument not in symbols.functions
            ):
                yield context.error(
                    "BOT202",
                    line.span,
                    f"no function named `{line.argument}`",
                    _suggest(line.argument, symbols.functions, "function")[0],
                )


def _check_target(
    context: CheckContext, target: Target, labels: dict[str, int], dialog: str
) -> Iterator[Diagnostic]:
    if isinstance(target, LabelTarget) and target.label.value not in labels:
        name = target.label.value
        hint, fix = _suggest(name, labels, "label")
        if name in context.symbols.dialogs:
            hint, fix = f"to start the dialog `{name}`, write `dialog {name}`", f"dialog {name}"
        else:
            owner = _dialog_with_label(context, name)
            if owner is not None:
                hint = (
                    f"`{name}` is a label of dialog `{owner}`, and a goto stays in its own "
                    f"dialog: write `goto dialog {owner}` to start that dialog"
                )
                fix = f"dialog {owner}"
        yield context.error(
            "BOT202",
            target.label.span, f"no label `{name}` in dialog `{dialog}`", hint, fix
        )
    if isinstance(target, DialogTarget) and target.dialog.value not in context.symbols.dialogs:
        name = target.dialog.value
        yield context.error(
            "BOT202",
            target.dialog.span,
            f"no dialog named `{name}`",
            *_suggest(name, context.symbols.dialogs, "dialog"),
        )


def _dialog_with_label(context: CheckContext, label: str) -> str | None:
    """The first dialog that has `label`, or None."""
    for dialog, labels in zip(context.steps.dialogs, context.symbols.labels, strict=True):
        if label in labels:
            return dialog.name.value
    return None


def _check_call(context: CheckContext, name: Name) -> Iterator[Diagnostic]:
    symbols = context.symbols
    yield from _check_runnable(
        context, name, ("integration", "call", symbols.integrations),
        ("function", "invoke", symbols.functions),
    )


def _check_invoke(context: CheckContext, name: Name) -> Iterator[Diagnostic]:
    symbols = context.symbols
    yield from _check_runnable(
        context, name, ("function", "invoke", symbols.functions),
        ("integration", "call", symbols.integrations),
    )


def _check_runnable(
    context: CheckContext,
    name: Name,
    wanted: tuple[str, str, Iterable[str]],
    other: tuple[str, str, Iterable[str]],
) -> Iterator[Diagnostic]:
    """`call` needs an integration and `invoke` a function: (kind, step word, known names)."""
    kind, word, known = wanted
    other_kind, other_word, other_known = other
    if name.value in known:
        return
    if name.value in other_known:
        yield context.error(
            "BOT203",
            name.span,
            f"`{name.value}` is {_article(other_kind)} {other_kind}, and `{word}` runs "
            f"{_article(kind)} {kind}",
            f"use `{other_word} {name.value}` to {other_word} {_article(other_kind)} {other_kind}",
        )
        return
    yield context.error(
        "BOT202",
        name.span, f"no {kind} named `{name.value}`", *_suggest(name.value, known, kind)
    )


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _suggest(name: str, known: Iterable[str], kind: str) -> tuple[str, str | None]:
    """A 'did you mean' hint with the name it means (the fix), or how to declare the name."""
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        return f"did you mean `{close[0]}`?", close[0]
    if kind == "integration":
        return f'declare it: integration {name} / api GET "https://..."', None
    if kind == "function":
        return f'declare it: function {name} "lambda-uuid"', None
    if kind == "dialog":
        return f"declare it: dialog {name}", None
    return f"put `{name}:` before the step to jump to", None
