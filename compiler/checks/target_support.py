"""Steps the chosen response format cannot carry (`--target functions`, WIRE.md 3)."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.step_kinds import step_kind
from botc.dsl.diagnostics import Diagnostic


def check_target_support(context: CheckContext) -> Iterator[Diagnostic]:
    """Under the `functions` target, an error for each step it cannot carry (`signal` and
    `secure form`: `StepKind.functions`)."""
    if context.target != "functions":
        return
    for dialog in context.steps.dialogs:
        for step in dialog.steps:
            kind = step_kind(step)
            if not kind.functions:
                yield context.error(
                    "BOT701",
                    step.span,
                    f"the Functions response format cannot carry `{kind.keyword}`",
                    "compile with --target custom-endpoint, or remove this step",
                )
