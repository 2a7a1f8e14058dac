"""Turns in which the consumer sees nothing, and call failures that end without a word.

A response to a consumer text (a dialog a text starts, or the steps after an `ask` is
answered) runs until the bot waits or the dialog ends (compiler.flow). When some path of
it shows the consumer nothing — private texts (`say to agents`), `set`, actions such as
`signal`, `priority` or `pause` alone count as silence — the consumer is left waiting
for an answer that never comes. A `call`'s `on failure` branch that leads to such a
silent end is reported at the branch; a `call` of an `api` integration with no branch
for its failure leaves the consumer with the generic default response.
"""

from __future__ import annotations

import functools
from collections.abc import Generator, Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.flow import FlowGraph, StepRef
from botc.compiler.flow_targets import target_ref
from botc.compiler.pattern_languages import module_patterns
from botc.compiler.symbols import Symbols
from botc.dsl.ast import (
    AskStep,
    CallStep,
    CardStep,
    CloseStep,
    DialogTarget,
    EscalateStep,
    GotoStep,
    InvokeStep,
    Module,
    NextTarget,
    OnEvent,
    OutcomeBranch,
    SayStep,
    SecureFormStep,
    Step,
    Target,
    UploadStep,
)
from botc.dsl.diagnostics import Diagnostic
from botc.runtime.defaults import ESCALATION_FAILED_TEXT


def check_silent_turns(context: CheckContext) -> Iterator[Diagnostic]:
    """BOT417 at the end of each silent path, BOT418 at each silent failure branch."""
    walk = _SilenceWalk(context.flow, context.module, context.symbols)
    reported: set[StepRef] = set()
    for start in _consumer_response_starts(context):
        last = walk.silent_end(start)
        if last is None or last in reported:
            continue
        reported.add(last)
        yield context.warning(
            "BOT417",
            context.flow.steps[last].span,
            "the consumer sees nothing in this turn: the bot's answer ends here without a "
            "message (private texts and actions are not shown to the consumer)",
            'say something before the dialog ends (`say "Done!"`)',
        )
    for ref, step in context.steps.of_kind(CallStep):  # the kind with failure branches
        for branch in _failure_branches(step):
            target = walk.resolve(branch.target, ref)
            if target is None or walk.silent_end(target) is not None:
                yield context.warning(
                    "BOT418",
                    branch.span,
                    f"when `{branch_call_name(step)}` fails, the dialog ends without a word "
                    "to the consumer",
                    "send the failure to a step that says what happened",
                )
        if _unhandled_call(context, step):
            yield context.warning(
                "BOT418",
                step.span,
                f"no branch handles a failure of `{step.integration.value}`: the consumer "
                "gets only the generic default response and the dialog ends",
                "add `on failure -> LABEL` with a step that says what happened",
            )


def branch_call_name(step: Step) -> str:
    return step.integration.value if isinstance(step, CallStep) else "the call"


def _failure_branches(step: Step) -> list[OutcomeBranch]:
    """The step-kind dispatch: only a `call` has `on failure` branches."""
    if isinstance(step, CallStep):
        return [
            branch
            for branch in step.branches
            if isinstance(branch, OutcomeBranch) and branch.outcome == "failure"
        ]
    return []


def _unhandled_call(context: CheckContext, step: Step) -> bool:
    if not isinstance(step, CallStep):
        return False
    integration = context.symbols.integrations.get(step.integration.value)
    if integration is None or integration.kind != "api":
        return False
    return not _failure_branches(step)


def _shows_something(step: Step) -> bool:
    """The step-kind dispatch: does the step put something before the consumer?"""
    if isinstance(step, SayStep):
        return not step.to_agents
    # a transfer hands the consumer to an agent, a form or a function answers them, and a
    # closed conversation is an answer too; `signal`, `priority`, `set`, `pause` are not
    return isinstance(step, _SHOWING)


_SHOWING = (CardStep, AskStep, UploadStep, EscalateStep, SecureFormStep, InvokeStep, CloseStep)


def _consumer_response_starts(context: CheckContext) -> list[StepRef]:
    """Where a response to a consumer text begins: the entry of a dialog a consumer text
    starts (a pattern that is not a platform text, or `on fallback`), and the steps an
    answered `ask` goes on to."""
    module = context.module
    consumer_dialogs: set[int] = set()
    for pattern in module_patterns(module):
        if not _platform_pattern(pattern.source.value):
            consumer_dialogs.add(pattern.dialog)
    for index, dialog in enumerate(module.dialogs):
        if any(isinstance(t, OnEvent) and t.event == "fallback" for t in dialog.triggers):
            consumer_dialogs.add(index)
    starts = {context.flow.entries[index] for index in consumer_dialogs}
    for ref, successors in context.flow.after_wait.items():
        if isinstance(context.flow.steps[ref], AskStep):
            starts.update(successors)
    return sorted(start for start in starts if start is not None)


@functools.lru_cache(maxsize=1 << 16)
def _platform_pattern(pattern: str) -> bool:
    text = pattern.strip().lower()
    return (
        text.startswith(("file_upload_success:", "file_upload_failed:", "form-submission"))
        or text == ESCALATION_FAILED_TEXT
        or (text.startswith("__") and text.endswith("__"))
    )


class _SilenceWalk:
    """`silent_end(ref)`: the last step of some path from `ref` that shows nothing, or None
    when every path shows the consumer something (memoized; loops count as not silent,
    the loop check reports them)."""

    def __init__(self, flow: FlowGraph, module: Module, symbols: Symbols) -> None:
        self.flow = flow
        self.module = module
        self.symbols = symbols
        self.memo: dict[StepRef, StepRef | None] = {}

    def resolve(self, target: Target, ref: StepRef) -> StepRef | None:
        return target_ref(self.flow, self.symbols, target, ref)

    def silent_end(self, start: StepRef) -> StepRef | None:
        # a path may be as long as the dialog (a chain of a thousand `goto`s): the walk keeps
        # its own stack of judgements, each waiting for the answer about one successor
        if start in self.memo:
            return self.memo[start]
        pending = [self._judge(start)]
        answer: StepRef | None = None
        while pending:
            try:
                successor = pending[-1].send(answer)
            except StopIteration as judged:
                pending.pop()
                answer = judged.value
                continue
            if successor in self.memo:
                answer = self.memo[successor]
            else:
                pending.append(self._judge(successor))
                answer = None
        return answer

    def _judge(self, ref: StepRef) -> Generator[StepRef, StepRef | None, StepRef | None]:
        """The silent end from `ref`: yields each successor to learn its silent end."""
        self.memo[ref] = None  # in progress: a loop is not silence
        step = self.flow.steps[ref]
        result: StepRef | None = None
        if not _shows_something(step) and not self._unjudged(ref, step):
            successors = self._successors(ref, step)
            if not successors:
                result = ref
            for successor in successors:
                found = yield successor
                if found is not None:
                    result = found
                    break
        self.memo[ref] = result
        return result

    def _unjudged(self, ref: StepRef, step: Step) -> bool:
        """A step that names what the file does not declare (an error reported elsewhere),
        or calls a `file` integration (what follows an upload is judged with the upload)."""
        if isinstance(step, CallStep):
            integration = self.symbols.integrations.get(step.integration.value)
            return integration is None or integration.kind != "api"
        if isinstance(step, GotoStep):
            target = step.target
            if isinstance(target, DialogTarget):
                return target.dialog.value not in self.symbols.dialogs
            return target.label.value not in self.symbols.labels[ref[0]]
        return False

    def _successors(self, ref: StepRef, step: Step) -> tuple[StepRef, ...]:
        successors = self.flow.same_response.get(ref, ())
        if not isinstance(step, CallStep):
            return successors
        # failures are judged at their branch (BOT418); an unhandled one says the default
        # response, which the consumer does see
        failures = {self.resolve(b.target, ref) for b in _failure_branches(step)}
        others = {
            self.resolve(b.target, ref)
            for b in step.branches
            if not (isinstance(b, OutcomeBranch) and b.outcome == "failure")
        }
        if not any(isinstance(b, OutcomeBranch) and b.outcome == "success" for b in step.branches):
            others.add(self.resolve(NextTarget(step.span), ref))  # a success goes on
        return tuple(s for s in successors if s not in failures or s in others)
