"""Which steps and branches of a bot the tests (and the exploration) exercised.

Coverage is read from traces: the interpreter reports, per `step` call, the step ids it
ran and the (step id, branch index) pairs it took (docs/INTERNALS.md). The report is per
dialog, with every step or branch never reached given as `file:line`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from botc.runtime.testing.stepping import TableData
from botc.runtime.testing.trace import Trace


@attrs.frozen
class DialogCoverage:
    """One dialog: its steps and branches, and those never reached."""

    name: str
    line: int
    steps: int
    branches: int
    missed_steps: tuple[dict[str, Any], ...]
    missed_branches: tuple[tuple[dict[str, Any], dict[str, Any]], ...]  # (step, branch)

    @property
    def steps_covered(self) -> int:
        return self.steps - len(self.missed_steps)

    @property
    def branches_covered(self) -> int:
        return self.branches - len(self.missed_branches)


@attrs.frozen
class Coverage:
    """A bot's coverage: per dialog, in file order."""

    source: str
    dialogs: tuple[DialogCoverage, ...]
    reported: bool  # False when the interpreter reported no steps at all (nothing to measure)


def coverage(table: TableData, traces: Iterable[Trace]) -> Coverage:
    """The steps and branches of `table` that `traces` exercised."""
    ran: set[int] = set()
    taken: set[tuple[int, int]] = set()
    for trace in traces:
        for turn in trace.turns:
            ran.update(turn.steps_run)
            taken.update(turn.branches)
    steps = list(table.get("steps") or [])
    dialogs = []
    for index, dialog in enumerate(table.get("dialogs") or []):
        own = [s for s in steps if s.get("dialog") == index]
        dialogs.append(
            DialogCoverage(
                name=str(dialog.get("name")),
                line=int(dialog.get("line") or 0),
                steps=len(own),
                branches=sum(len(s.get("branches") or []) for s in own),
                missed_steps=tuple(s for s in own if s.get("id") not in ran),
                missed_branches=tuple(
                    (s, b)
                    for s in own
                    for i, b in enumerate(s.get("branches") or [])
                    if (s.get("id"), i) not in taken
                ),
            )
        )
    return Coverage(
        source=str(table.get("source") or "<table>"),
        dialogs=tuple(dialogs),
        reported=bool(ran),
    )


def step_summary(step: dict[str, Any]) -> str:
    """A step in a few words: `say`, `call Balance`, `ask account`, with its label."""
    args = step.get("args") or {}
    op = str(step.get("op"))
    detail = args.get("integration") or args.get("field") or args.get("function") or ""
    label = f" (label {step['label']})" if step.get("label") else ""
    return f"{op.replace('_', ' ')} {detail}".strip() + label


def branch_summary(branch: dict[str, Any]) -> str:
    """A branch as written: `when answer is number`, `on failure`, `otherwise`."""
    kind = branch.get("kind")
    if kind == "when":
        return f"when {branch.get('expression')}"
    if kind in ("success", "failure"):
        return f"on {kind}"
    return str(kind)


def render_coverage(report: Coverage, path: str | None = None) -> str:
    """The report as text: a line per dialog, then each step and branch not reached."""
    where = path or report.source
    if not report.reported:
        return f"coverage of {where}: no step ran"
    total = sum(d.steps for d in report.dialogs)
    covered = sum(d.steps_covered for d in report.dialogs)
    branches = sum(d.branches for d in report.dialogs)
    taken = sum(d.branches_covered for d in report.dialogs)
    lines = [
        f"coverage of {where}: {covered}/{total} steps, {taken}/{branches} branches",
    ]
    width = max((len(d.name) for d in report.dialogs), default=0)
    for dialog in report.dialogs:
        lines.append(
            f"  dialog {dialog.name:<{width}}  {dialog.steps_covered}/{dialog.steps} steps, "
            f"{dialog.branches_covered}/{dialog.branches} branches"
        )
        for step in dialog.missed_steps:
            lines.append(f"    step not run:      {where}:{step.get('line')}  {step_summary(step)}")
        for step, branch in dialog.missed_branches:
            lines.append(
                f"    branch not taken:  {where}:{branch.get('line')}  {branch_summary(branch)}"
                f"  (of {step_summary(step)})"
            )
    return "\n".join(lines)
