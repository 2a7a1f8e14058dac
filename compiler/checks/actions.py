"""At most one ACTION per response (LANGUAGE.md 5.6).

Every path of every response is walked (`compiler.flow`); a walk remembers the first
action it met, and a second action on the same path is reported with a pointer back.
"""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.flow import StepRef
from botc.compiler.step_kinds import STEP_KINDS, step_kind
from botc.dsl.diagnostics import Diagnostic

_ACTION_KINDS = tuple(kind.node for kind in STEP_KINDS if kind.action)
_HINT = "put an `ask` between them or move one to another dialog"


def check_one_action_per_response(context: CheckContext) -> Iterator[Diagnostic]:
    """An error at each action that some path reaches after another action."""
    if len(context.steps.of_kinds(*_ACTION_KINDS)) < 2:
        return  # a second action needs another action step
    flow = context.flow
    found: dict[StepRef, StepRef] = {}  # second action -> first action
    seen: set[tuple[StepRef, StepRef | None]] = set()
    pending: list[tuple[StepRef, StepRef | None]] = [
        (start, None) for start in flow.response_starts()
    ]
    while pending:
        ref, first = pending.pop()
        if (ref, first) in seen:
            continue
        seen.add((ref, first))
        if step_kind(flow.steps[ref]).action:
            if first is None:
                first = ref
            elif first != ref:
                found.setdefault(ref, first)
                continue
        pending.extend((successor, first) for successor in flow.same_response.get(ref, ()))
    for second, first in sorted(found.items()):
        step, earlier = flow.steps[second], flow.steps[first]
        yield context.error(
            "BOT401",
            step.span,
            f"a second action in one response: this `{step_kind(step).keyword}` can follow the "
            f"`{step_kind(earlier).keyword}` at line {earlier.span.line} before the bot waits",
            _HINT,
        )
