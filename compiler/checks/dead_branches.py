"""Warnings for branches that are never taken because an earlier branch always is.

An `otherwise` takes every answer; a second `on success` (or `on failure`) comes after
the first; once both `on success` and `on failure` are listed, one of them holds for
every result, so any branch after them is never tried. Such lines parse and compile but
can never run, which is almost always a mistake in order.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.checks.context import CheckContext
from dsl.ast import AskStep, CallStep, OtherwiseBranch, OutcomeBranch, WhenBranch
from dsl.diagnostics import Diagnostic

_HINT = "branches are tried in order: move this one above, or delete it"


def check_dead_branches(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning on each `ask` or `call` branch that an earlier branch always pre-empts."""
    for dialog in context.module.dialogs:
        for step in dialog.steps:
            if isinstance(step, AskStep):
                yield from _after_otherwise(context, step.branches)
            elif isinstance(step, CallStep):
                yield from _repeated_outcomes(context, step.branches)


def _after_otherwise(
    context: CheckContext, branches: tuple[WhenBranch | OtherwiseBranch, ...]
) -> Iterator[Diagnostic]:
    taker: OtherwiseBranch | None = None
    for branch in branches:
        if taker is not None:
            yield context.warning(
                "BOT404",
                branch.span,
                f"this branch is never taken: the `otherwise` at line {taker.span.line} "
                "takes every answer",
                _HINT,
            )
        elif isinstance(branch, OtherwiseBranch):
            taker = branch


def _repeated_outcomes(
    context: CheckContext, branches: tuple[OutcomeBranch | WhenBranch, ...]
) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    for branch in branches:
        if len(seen) == 2:
            yield context.warning(
                "BOT404",
                branch.span,
                "this branch is never taken: `on success` (line "
                f"{seen['success']}) and `on failure` (line {seen['failure']}) take every result",
                _HINT,
            )
            continue
        if not isinstance(branch, OutcomeBranch):
            continue
        if branch.outcome in seen:
            yield context.warning(
                "BOT404",
                branch.span,
                f"this branch is never taken: the `on {branch.outcome}` at line "
                f"{seen[branch.outcome]} is tried first",
                _HINT,
            )
        else:
            seen[branch.outcome] = branch.span.line
