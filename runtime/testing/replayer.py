"""Replaying a conversation through the interpreter with a scripted performer.

For each incoming event the replay runs `step`, then answers the turn's effects from the
scripted outcomes, feeding each result back as an EFFECT_RESULT event, until nothing is
pending: integration calls (`call` waits) are answered first, in the order they were
emitted; uploads at the end of the turn, as `botc run` does (WIRE.md 6). Nothing here does
I/O; the same table, events and outcomes always give the same `Trace`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

from runtime.testing.scripted import Conversation, Event, Outcome, effect_result_event, fails
from runtime.testing.stepping import (
    StepOutput,
    TableData,
    initial_state,
    state_json,
    step_once,
)
from runtime.testing.trace import Call, Fault, Trace, Turn

# A turn that needs more `step` calls than this is stuck feeding effects to itself.
MAX_STEP_CALLS_PER_TURN = 200


class ScriptedPerformer:
    """Answers each call of an integration with the next outcome queued for it.

    With `strict`, a call with nothing queued is left unanswered (the runner reports it);
    otherwise it fails with a timeout, the way an unreachable service would.
    """

    def __init__(self, outcomes: Mapping[str, Iterable[Outcome]], *, strict: bool) -> None:
        self._queues = {name: deque(queue) for name, queue in outcomes.items()}
        self._strict = strict

    def queue(self, integration: str, outcome: Outcome) -> None:
        """Queue `outcome` for the next call of `integration`."""
        self._queues.setdefault(integration, deque()).append(outcome)

    def answer(self, integration: str) -> Outcome | None:
        """The outcome of this call, or None when strict and nothing is queued."""
        queue = self._queues.get(integration)
        if queue:
            return queue.popleft()
        return None if self._strict else fails()

    def unused(self) -> list[tuple[str, Outcome]]:
        """Outcomes still queued, per integration, in order."""
        return [(name, outcome) for name, queue in self._queues.items() for outcome in queue]


class Replayer:
    """A conversation in progress: its state, and the turns run so far."""

    def __init__(self, table: TableData, performer: ScriptedPerformer) -> None:
        self.table = table
        self.performer = performer
        self.state: Any = initial_state()
        self.turns: list[Turn] = []

    def send(self, event: Event) -> Turn:
        """Run one turn for `event` and record it."""
        turn = _run_turn(self, event)
        self.turns.append(turn)
        return turn

    def trace(self) -> Trace:
        """Everything run so far."""
        return Trace(turns=tuple(self.turns))


def replay(
    table: TableData,
    events: Iterable[Event],
    outcomes: Mapping[str, Iterable[Outcome]] | None = None,
) -> Trace:
    """Run `events` through a new conversation of `table` and return the full trace.

    `outcomes` gives, per integration, the outcomes of its calls in order; a call with none
    left fails with a timeout. The replay stops after a turn that crashed or did not finish.
    """
    replayer = Replayer(table, ScriptedPerformer(outcomes or {}, strict=False))
    for event in events:
        turn = replayer.send(event)
        if turn.unfinished or any(fault.crashed for fault in turn.faults):
            break
    return replayer.trace()


def replay_conversation(table: TableData, conversation: Conversation) -> Trace:
    """`replay` for a `Conversation`."""
    return replay(table, conversation.events, conversation.outcomes)


def _run_turn(replayer: Replayer, event: Event) -> Turn:
    """One incoming event and its effects, answered until nothing is pending."""
    recorder = _TurnRecorder(event)
    pending: deque[dict[str, Any]] = deque()
    next_event: Event | None = event
    while next_event is not None:
        if recorder.step_calls >= MAX_STEP_CALLS_PER_TURN:
            return recorder.turn(unfinished=True)
        try:
            replayer.state, output = step_once(replayer.table, replayer.state, next_event)
        except Exception as error:  # any escape from `step` is the finding itself
            recorder.crash(error)
            return recorder.turn()
        recorder.record(output, state_json(replayer.state))
        pending.extend(output.effects)
        next_event = None
        effect = _next_effect(pending)
        if effect is None:
            break
        integration = str(effect.get("integration"))
        outcome = replayer.performer.answer(integration)
        recorder.calls.append(
            Call(
                integration=integration,
                kind=str(effect.get("effect")),
                effect=effect,
                outcome=outcome,
            )
        )
        if outcome is None:
            return recorder.turn(unscripted=integration)
        next_event = effect_result_event(str(effect.get("id")), outcome)
    return recorder.turn()


def _next_effect(pending: deque[dict[str, Any]]) -> dict[str, Any] | None:
    """The next effect to answer: the first integration call, else the first upload."""
    for effect in pending:
        if effect.get("effect") != "upload":
            pending.remove(effect)
            return effect
    return pending.popleft() if pending else None


class _TurnRecorder:
    """Accumulates what the `step` calls of one turn produced."""

    def __init__(self, event: Event) -> None:
        self.event = event
        self.items: list[dict[str, Any]] = []
        self.intents: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.states: list[dict[str, Any]] = []
        self.steps_run: list[int] = []
        self.branches: list[tuple[int, int]] = []
        self.step_calls = 0

    def record(self, output: StepOutput, state: dict[str, Any]) -> None:
        self.step_calls += 1
        self.items.extend(output.items)
        self.intents.extend(i for i in output.intents if i not in self.intents)
        self.faults.extend(output.faults)
        self.states.append(state)
        self.steps_run.extend(output.steps_run)
        self.branches.extend(output.branches)

    def crash(self, error: Exception) -> None:
        self.step_calls += 1
        self.faults.append(Fault(message=f"{type(error).__name__}: {error}", crashed=True))

    def turn(self, *, unscripted: str | None = None, unfinished: bool = False) -> Turn:
        return Turn(
            event=self.event,
            items=tuple(self.items),
            intents=tuple(self.intents),
            calls=tuple(self.calls),
            faults=tuple(self.faults),
            states=tuple(self.states),
            step_calls=self.step_calls,
            steps_run=tuple(self.steps_run),
            branches=tuple(self.branches),
            unscripted=unscripted,
            unfinished=unfinished,
        )
