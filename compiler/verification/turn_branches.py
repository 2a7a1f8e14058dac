"""One turn of a conversation, branched on the outcome of every effect it emits.

`turn_branches(table, state, event, outcomes)` runs `step` for `event`, then answers the
turn's effects the way `botc run` and the test replayer do (integration calls first, in
the order they were emitted; uploads at the end of the turn), feeding each result back as
an EFFECT_RESULT event, until nothing is pending. Where a replay answers each effect with
one scripted outcome, this tries every outcome class of the integration and returns one
`Branch` per combination: a `runtime.testing.trace.Turn` (so the invariants and the
test-block printer read it) and the state after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from botc.runtime.defaults import MAX_STEP_CALLS_PER_TURN
from botc.runtime.drivers.stubs import Outcome
from botc.runtime.faults import Fault
from botc.runtime.state import ConversationState
from botc.runtime.testing.scripted import effect_result_event, fails
from botc.runtime.testing.stepping import TableData, checked, loaded_table, plain, state_json
from botc.runtime.testing.trace import Call, TracedTurn
from botc.runtime.wire.events import Event


@attrs.frozen
class StepOutput:
    """What one `step` call produced, as plain data."""

    items: tuple[dict[str, Any], ...]
    effects: tuple[dict[str, Any], ...]
    intents: tuple[dict[str, Any], ...]
    faults: tuple[Fault, ...]
    steps_run: tuple[int, ...]
    branches: tuple[tuple[int, int], ...]


def step_once(
    table: TableData, state: ConversationState, event: Event
) -> tuple[ConversationState, StepOutput]:
    """Run `step` for one event, checked as the runtime's edge checks it; raises whatever
    the runtime raises (`EventError` for an event it refuses)."""
    from botc.runtime.interpreter import step

    new_state, output = step(loaded_table(table), state, checked(event))
    return new_state, StepOutput(
        items=tuple(plain(item) for item in output.items),
        effects=tuple(plain(effect) for effect in output.effects),
        intents=tuple(plain(intent) for intent in output.intents),
        faults=tuple(output.faults),
        steps_run=tuple(output.steps_run),
        branches=tuple(output.branches_taken),
    )

# A turn with many calls branches per call; past this many branches, or this many `step`
# calls over all of them, the rest are dropped (a turn that never finishes is found on its
# first branch already).
MOST_BRANCHES_PER_TURN = 64
MOST_STEP_CALLS_PER_TURN = 2 * MAX_STEP_CALLS_PER_TURN


@attrs.frozen
class Branch:
    """One way a turn can go: what it did, and the state it left."""

    turn: TracedTurn
    state: ConversationState


@attrs.frozen
class _TurnSoFar:
    """What a turn has produced so far (immutable, so that branches share their past)."""

    items: tuple[dict[str, Any], ...] = ()
    intents: tuple[dict[str, Any], ...] = ()
    calls: tuple[Call, ...] = ()
    faults: tuple[Fault, ...] = ()
    states: tuple[dict[str, Any], ...] = ()
    steps_run: tuple[int, ...] = ()
    branches: tuple[tuple[int, int], ...] = ()
    step_calls: int = 0
    crash: str | None = None

    def add(self, output: StepOutput, state: dict[str, Any]) -> _TurnSoFar:
        return _TurnSoFar(
            items=self.items + output.items,
            intents=self.intents + tuple(i for i in output.intents if i not in self.intents),
            calls=self.calls,
            faults=self.faults + output.faults,
            states=(*self.states, state),
            steps_run=self.steps_run + output.steps_run,
            branches=self.branches + output.branches,
            step_calls=self.step_calls + 1,
        )

    def turn(self, event: Event, *, unfinished: bool = False) -> TracedTurn:
        return TracedTurn(
            event=event,
            items=self.items,
            intents=self.intents,
            calls=self.calls,
            faults=self.faults,
            states=self.states,
            step_calls=self.step_calls,
            steps_run=self.steps_run,
            branches=self.branches,
            unfinished=unfinished,
            crash=self.crash,
        )


def turn_branches(
    table: TableData,
    state: ConversationState,
    event: Event,
    outcomes: Mapping[str, Sequence[Outcome]],
) -> list[Branch]:
    """Every way the turn of `event` from `state` can go (see the module docstring).
    An integration with no outcome classes in `outcomes` fails with a timeout."""
    found: list[Branch] = []
    _run(table, state, event, event, (), _TurnSoFar(), outcomes, found, [0])
    return found


def _run(
    table: TableData,
    state: ConversationState,
    event: Event,
    incoming: Event,
    pending: tuple[dict[str, Any], ...],
    progress: _TurnSoFar,
    outcomes: Mapping[str, Sequence[Outcome]],
    found: list[Branch],
    spent: list[int],  # step calls over all branches so far (one counter they share)
) -> None:
    if len(found) >= MOST_BRANCHES_PER_TURN or spent[0] >= MOST_STEP_CALLS_PER_TURN:
        return
    spent[0] += 1
    if progress.step_calls >= MAX_STEP_CALLS_PER_TURN:
        found.append(Branch(progress.turn(event, unfinished=True), state))
        return
    try:
        state, output = step_once(table, state, incoming)
    except Exception as error:  # any escape from `step` is a finding
        crashed = attrs.evolve(
            progress, crash=f"{type(error).__name__}: {error}", step_calls=progress.step_calls + 1
        )
        found.append(Branch(crashed.turn(event), state))
        return
    progress = progress.add(output, state_json(state))
    pending = pending + output.effects
    effect, rest = _next_effect(pending)
    if effect is None:
        found.append(Branch(progress.turn(event), state))
        return
    integration = str(effect.get("integration"))
    for outcome in outcomes.get(integration) or (fails(),):
        kind = str(effect.get("effect"))
        call = Call(integration=integration, kind=kind, effect=effect, outcome=outcome)
        answered = attrs.evolve(progress, calls=(*progress.calls, call))
        result = effect_result_event(str(effect.get("id")), outcome)
        _run(table, state, event, result, rest, answered, outcomes, found, spent)


def _next_effect(
    pending: tuple[dict[str, Any], ...],
) -> tuple[dict[str, Any] | None, tuple[dict[str, Any], ...]]:
    """The next effect to answer (the first integration call, else the first upload) and
    the effects still pending after it."""
    for index, effect in enumerate(pending):
        if effect.get("effect") != "upload":
            return effect, pending[:index] + pending[index + 1 :]
    if pending:
        return pending[0], pending[1:]
    return None, ()
