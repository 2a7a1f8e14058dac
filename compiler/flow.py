"""The control flow of a module's steps, as the one-action and loop checks see it.

A *response* (LANGUAGE.md 5.6) runs from a dialog's entry, or from where a wait resumes,
through `call` (every outcome and branch), `goto`, `goto dialog` and branch targets, and
stops at an `ask`, an `upload` or the dialog's end (a resumed dialog is not followed: what
resumes is only known at run time, and it always starts by waiting again).
Steps are named by `StepRef` = (dialog index, step index). Unknown names are skipped: the
references check reports them. Where a kind of step leads is its `StepKind`
(`compiler.step_kinds`): whether it waits, and whether it goes on to the following step.
"""

from __future__ import annotations

from typing import assert_never

import attrs

from botc.compiler.module_steps import ModuleSteps, StepRef, module_steps
from botc.compiler.step_kinds import step_kind
from botc.compiler.symbols import Symbols
from botc.dsl.ast import DialogTarget, EndTarget, LabelTarget, Module, NextTarget, Step, Target

__all__ = ["FlowGraph", "StepRef", "build_flow"]


@attrs.frozen
class FlowGraph:
    """`same_response`: where a step leads without waiting; `after_wait`: where the
    conversation goes on after an `ask` is answered or an `upload` receives its file."""

    steps: dict[StepRef, Step]
    same_response: dict[StepRef, tuple[StepRef, ...]]
    after_wait: dict[StepRef, tuple[StepRef, ...]]
    entries: tuple[StepRef | None, ...]  # per dialog index

    def response_starts(self) -> list[StepRef]:
        """Every step a response can begin at: dialog entries and resumption points."""
        starts = [entry for entry in self.entries if entry is not None]
        for successors in self.after_wait.values():
            starts.extend(successors)
        return sorted(set(starts))

    def successors(self, ref: StepRef) -> tuple[StepRef, ...]:
        """Both kinds of successor, for reachability."""
        return self.same_response.get(ref, ()) + self.after_wait.get(ref, ())


def build_flow(
    module: Module, symbols: Symbols, step_parts: ModuleSteps | None = None
) -> FlowGraph:
    """The flow graph of every step of every dialog of `module`; `step_parts`: its steps'
    parts, if already built."""
    index = step_parts
    if index is None or index.module is not module:
        index = module_steps(module)
    dialogs = index.dialogs
    entries = tuple((index, 0) if dialog.steps else None for index, dialog in enumerate(dialogs))
    steps: dict[StepRef, Step] = {}
    same: dict[StepRef, tuple[StepRef, ...]] = {}
    waits: dict[StepRef, tuple[StepRef, ...]] = {}
    for d, dialog in enumerate(dialogs):
        last = len(dialog.steps) - 1
        for s, (step, parts) in enumerate(zip(dialog.steps, index.in_dialog[d], strict=True)):
            ref = (d, s)
            steps[ref] = step
            following: StepRef | None = (d, s + 1) if s < last else None
            kind = step_kind(step)
            if parts.goto is None and not parts.branches:  # most steps: no targets
                onward: tuple[StepRef, ...] = (
                    (following,) if following is not None and kind.goes_on else ()
                )
            else:
                targets = [
                    _resolve(target, d, following, symbols, entries)
                    for target in parts.targets
                ]
                if kind.follows_on(parts.branches):
                    targets.append(following)
                onward = _present(targets)
            (waits if kind.waits else same)[ref] = onward
    return FlowGraph(steps=steps, same_response=same, after_wait=waits, entries=entries)


def _resolve(
    target: Target,
    dialog: int,
    following: StepRef | None,
    symbols: Symbols,
    entries: tuple[StepRef | None, ...],
) -> StepRef | None:
    match target:
        case LabelTarget():
            index = symbols.labels[dialog].get(target.label.value)
            return None if index is None else (dialog, index)
        case DialogTarget():
            other = symbols.dialogs.get(target.dialog.value)
            return None if other is None else entries[other]
        case NextTarget():
            return following
        case EndTarget():
            return None
        case _:
            assert_never(target)


def _present(refs: list[StepRef | None]) -> tuple[StepRef, ...]:
    """The refs that exist, without repeats, in first-seen order."""
    return tuple(dict.fromkeys(ref for ref in refs if ref is not None))
