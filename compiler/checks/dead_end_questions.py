"""A question none of whose branches leaves it: every answer asks it again, so the
conversation can never go on (the consumer can only start another dialog)."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.dsl.ast import AskStep
from botc.dsl.diagnostics import Diagnostic


def check_dead_end_questions(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning at each `ask` whose every way on after an answer is the `ask` itself."""
    flow = context.flow
    for ref, step in context.steps.of_kind(AskStep):
        onward = flow.after_wait.get(ref, ())
        if onward and all(successor == ref for successor in onward):
            yield context.warning(
                "BOT416",
                step.span,
                "every branch of this question asks it again, so no answer ever leaves it",
                "send at least one branch on (to the next step, a label, or `end`)",
            )
