"""Integration fields read where the call may not have succeeded (issue 10): a dialog a
trigger starts without the `call`, or a path that comes from the call's failure. The read
is undefined there, so the step sends the default response instead of its message.

A forward data-flow over the flow graph (compiler.flow, both within a response and across
waits, since fields live on in the conversation): at each step, the integrations whose
last call surely succeeded, and those surely called at all (`NAME.ok` and `NAME.status`
are set by any outcome). A dialog a trigger starts knows nothing; paths meet by
intersection. Reads guarded with `| default(...)` or `is defined` are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.flow import StepRef
from botc.compiler.flow_targets import target_ref
from botc.compiler.step_kinds import StepParts
from botc.compiler.step_reads import field_reads, step_texts
from botc.dsl.ast import CallStep, NextTarget, OutcomeBranch, Step, WhenBranch
from botc.dsl.diagnostics import Diagnostic

Facts = tuple[frozenset[str], frozenset[str]]  # (surely succeeded, surely called)
_OUTCOME_FIELDS = frozenset({"ok", "status"})


def check_unset_integration_fields(context: CheckContext) -> Iterator[Diagnostic]:
    names = frozenset(context.symbols.integrations)
    if not names:
        return
    facts = _facts(context, names)
    for ref, step in sorted(context.flow.steps.items()):
        known = facts.get(ref)
        if known is None:
            continue  # never reached (the reachability check says so)
        succeeded, called = known
        for integration, field in sorted(_reads(step, context.steps.parts(step))):
            if integration not in names:
                continue
            needed = called if field in _OUTCOME_FIELDS else succeeded
            if integration in needed:
                continue
            why = (
                "this step can run before any `call` of it"
                if integration not in called
                else "this step can run after the call failed"
            )
            yield context.warning(
                "BOT411",
                step.span,
                f"`{integration}.{field}` may be unset here: {why}, and reading it sends the "
                "default response",
                f"read it only on the path of `on success` after `call {integration}`, or "
                f'write `{integration}.{field} | default("")`',
            )


def _reads(step: Step, parts: StepParts) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for text in step_texts(step, parts):
        found |= field_reads(text)
    return found


def _facts(context: CheckContext, names: frozenset[str]) -> dict[StepRef, Facts]:
    flow = context.flow
    module = context.module
    nothing: Facts = (frozenset(), frozenset())
    facts: dict[StepRef, Facts] = {}
    pending: list[StepRef] = []
    for index, dialog in enumerate(module.dialogs):
        entry = flow.entries[index]
        if entry is not None and dialog.triggers:
            facts[entry] = nothing
            pending.append(entry)
    while pending:
        ref = pending.pop()
        current = facts[ref]
        for successor, after in _edges(context, ref, flow.steps[ref], current):
            before = facts.get(successor)
            merged = after if before is None else (before[0] & after[0], before[1] & after[1])
            if merged != before:
                facts[successor] = merged
                pending.append(successor)
    return facts


def _edges(
    context: CheckContext, ref: StepRef, step: Step, facts: Facts
) -> list[tuple[StepRef, Facts]]:
    """The step-kind dispatch: a `call` changes what is known on each of its branches;
    every other step passes the facts on to its successors."""
    flow = context.flow
    successors = flow.same_response.get(ref, ()) + flow.after_wait.get(ref, ())
    if not isinstance(step, CallStep):
        return [(successor, facts) for successor in successors]
    name = step.integration.value
    succeeded, called = facts
    ok: Facts = (succeeded | {name}, called | {name})
    unsure: Facts = (succeeded - {name}, called | {name})
    edges: list[tuple[StepRef, Facts]] = []
    failure_taken = False  # branches are tried in order: after `on failure`, a `when` is a success
    for branch in step.branches:
        target = target_ref(flow, context.symbols, branch.target, ref)
        if isinstance(branch, OutcomeBranch):
            if target is not None:
                edges.append((target, ok if branch.outcome == "success" else unsure))
            failure_taken = failure_taken or branch.outcome == "failure"
        elif target is not None:
            surely = failure_taken or _tests_success(branch, name)
            edges.append((target, ok if surely else unsure))
    if not any(isinstance(b, OutcomeBranch) and b.outcome == "success" for b in step.branches):
        following = target_ref(flow, context.symbols, NextTarget(step.span), ref)
        if following is not None:
            edges.append((following, ok))  # a success no branch takes goes on
    return edges


def _tests_success(branch: WhenBranch, name: str) -> bool:
    condition = branch.condition.source.replace(" ", "")
    return condition in (f"{name}.ok", f"{name}.ok==true", f"{name}.okistrue")
