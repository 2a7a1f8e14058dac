"""Warnings for code nothing runs: steps no path reaches, and dialogs nothing starts."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.flow import StepRef
from botc.compiler.module_steps import ModuleSteps
from botc.dsl.ast import DialogTarget
from botc.dsl.diagnostics import Diagnostic


def check_unreachable_steps(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning at the first step of each run of steps that their dialog never reaches."""
    flow = context.flow
    same, after = flow.same_response, flow.after_wait  # both kinds of successor
    reached: set[StepRef] = set()
    pending = [entry for entry in flow.entries if entry is not None]
    while pending:
        ref = pending.pop()
        if ref in reached:
            continue
        reached.add(ref)
        owner = ref[0]  # the walk stays in the dialog
        for successors in (same.get(ref, ()), after.get(ref, ())):
            for successor in successors:
                if successor[0] == owner and successor not in reached:
                    pending.append(successor)
    if len(reached) == len(flow.steps):
        return  # every step is reached
    for d, dialog in enumerate(context.steps.dialogs):
        for s, step in enumerate(dialog.steps):
            if (d, s) in reached or (s > 0 and (d, s - 1) not in reached):
                continue
            yield context.warning(
                "BOT403",
                step.span,
                "this step can never run",
                "it follows a `goto` or `end` (or branches that all go elsewhere) and no "
                "branch jumps to it; label it and jump to it, or delete it",
            )


def check_unentered_dialogs(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning for a dialog with no trigger that no other dialog starts."""
    untriggered = [dialog for dialog in context.steps.dialogs if not dialog.triggers]
    entered = _started_by_others(context.steps) if untriggered else set()
    for dialog in untriggered:
        if dialog.name.value not in entered:
            yield context.warning(
                "BOT207",
                dialog.name.span,
                f"dialog `{dialog.name.value}` has no trigger and nothing starts it",
                "add a trigger (`user says \"...\"` or `on ...`), or `goto dialog "
                f"{dialog.name.value}` from another dialog",
            )


def _started_by_others(steps: ModuleSteps) -> set[str]:
    started: set[str] = set()
    for dialog in steps.dialogs:
        for step in dialog.steps:
            for target in steps.parts(step).targets:
                if isinstance(target, DialogTarget) and target.dialog.value != dialog.name.value:
                    started.add(target.dialog.value)
    return started
