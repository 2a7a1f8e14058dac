"""Steps the chosen response format cannot carry (`--target functions`, WIRE.md 3)."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.checks.context import CheckContext
from dsl.ast import SecureFormStep, SignalStep
from dsl.diagnostics import Diagnostic


def check_target_support(context: CheckContext) -> Iterator[Diagnostic]:
    """Under the `functions` target, an error for each `signal` and `secure form` step."""
    if context.target != "functions":
        return
    for dialog in context.module.dialogs:
        for step in dialog.steps:
            if isinstance(step, SignalStep | SecureFormStep):
                keyword = "signal" if isinstance(step, SignalStep) else "secure form"
                yield context.error(
                    "BOT701",
                    step.span,
                    f"the Functions response format cannot carry `{keyword}`",
                    "compile with --target custom-endpoint, or remove this step",
                )
