"""Names declared twice: dialogs, integrations, functions, labels within a dialog, tests."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from botc.compiler.checks.context import CheckContext
from botc.dsl.ast import BotSettings, Name, Span, Str
from botc.dsl.diagnostics import Diagnostic


def check_duplicate_names(context: CheckContext) -> Iterator[Diagnostic]:
    """One error per repeated declaration, pointing back at the first one."""
    module = context.module
    yield from _repeats(context, "dialog", (d.name for d in module.dialogs))
    yield from _repeats(context, "integration", (i.name for i in module.integrations))
    yield from _repeats(context, "function", (f.name for f in module.functions))
    yield from _repeats(context, "test", (t.name for t in module.tests))
    for dialog in module.dialogs:
        labels = (step.label for step in dialog.steps if step.label is not None)
        yield from _repeats(context, "label", labels, f" in dialog `{dialog.name.value}`")
    bots = [d for d in module.declarations if isinstance(d, BotSettings)]
    for extra in bots[1:]:
        yield context.error(
            "BOT201",
            extra.span,
            "a second `bot` block",
            f"a file has at most one `bot` block; the first is at line {bots[0].span.line}",
        )


def _repeats(
    context: CheckContext, kind: str, names: Iterable[Name | Str], where: str = ""
) -> Iterator[Diagnostic]:
    first: dict[str, Span] = {}
    for name in names:
        if name.value in first:
            yield context.error(
                "BOT201",
                name.span,
                f"duplicate {kind} `{name.value}`{where}",
                f"it is already declared at line {first[name.value].line}; rename one of them",
            )
        else:
            first[name.value] = name.span
