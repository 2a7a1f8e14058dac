"""What happens when an upload finishes (LANGUAGE.md 5.4): the bot routes the text
`file_upload_success:<success message>` or `file_upload_failed:<failure message>`.

- An outcome no `user says` pattern takes does nothing more: a failed upload the bot
  never follows up (the consumer only hears that it failed), or — when the bot does
  catch upload successes, with some `file_upload_success:...` pattern — a success that
  pattern misses.
- A dialog that takes an outcome runs in whatever response the upload's result joins —
  the one the upload's own dialog is still sending. When both send an ACTION, the second
  waits for the next response (held), which is not what either dialog meant.
"""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.flow import FlowGraph, StepRef
from botc.compiler.pattern_languages import ModulePattern, module_patterns, route
from botc.compiler.step_kinds import step_kind
from botc.dsl.ast import Step, UploadStep
from botc.dsl.diagnostics import Diagnostic
from botc.runtime.defaults import (
    UPLOAD_FAILED_PREFIX,
    UPLOAD_FAILURE_TEXT,
    UPLOAD_SUCCESS_PREFIX,
    UPLOAD_SUCCESS_TEXT,
)
from botc.runtime.normalize import normalize


def check_upload_outcomes(context: CheckContext) -> Iterator[Diagnostic]:
    patterns = module_patterns(context.module)
    catches_successes = any(
        pattern.source.value.strip().lower().startswith(UPLOAD_SUCCESS_PREFIX)
        for pattern in patterns
    )
    flow = context.flow
    for ref, step in context.steps.of_kind(UploadStep):
        outcomes = _outcome_texts(step)
        if not outcomes:
            continue
        assert isinstance(step, UploadStep)
        winners: list[ModulePattern] = []
        for kind, text in outcomes:
            winner = route(patterns, normalize(text))
            if winner is None and (kind == "fails" or catches_successes):
                yield context.warning(
                    "BOT414",
                    step.span,
                    f"when this upload {kind}, nothing takes the text {text!r}: no dialog "
                    "follows it up",
                    f'add a dialog with `user says "{text.split(":", 1)[0]}:*"`',
                )
            elif winner is not None:
                winners.append(winner)
        own = _actions_after(flow, [(ref[0], ref[1] + 1)])
        if not own:
            continue
        for winner in {w.dialog: w for w in winners}.values():
            entry = flow.entries[winner.dialog]
            for action in _actions_after(flow, [entry] if entry else []):
                first = flow.steps[own[0]]
                yield context.warning(
                    "BOT415",
                    flow.steps[action].span,
                    "this action can meet the action at line "
                    f"{first.span.line} in one response: the upload's result arrives while "
                    "that dialog is still answering, and the second action is held back",
                    "send one of the two actions only after the consumer answers",
                )


def _outcome_texts(step: Step) -> list[tuple[str, str]]:
    """The step-kind dispatch: only an `upload` has outcomes, with its own or default texts."""
    if not isinstance(step, UploadStep):
        return []
    success = step.success.value if step.success is not None else UPLOAD_SUCCESS_TEXT
    failure = step.failure.value if step.failure is not None else UPLOAD_FAILURE_TEXT
    return [
        ("succeeds", UPLOAD_SUCCESS_PREFIX + success),
        ("fails", UPLOAD_FAILED_PREFIX + failure),
    ]


def _actions_after(flow: FlowGraph, starts: list[StepRef]) -> list[StepRef]:
    """The action steps the response reaches from `starts` before it waits."""
    found: list[StepRef] = []
    seen: set[StepRef] = set()
    pending = list(starts)
    while pending:
        ref = pending.pop()
        if ref in seen or ref not in flow.steps:
            continue
        seen.add(ref)
        if step_kind(flow.steps[ref]).action:
            found.append(ref)
        pending.extend(flow.same_response.get(ref, ()))
    return sorted(found)
