"""Replaying a conversation through the interpreter with a scripted performer.

Each incoming event runs one turn with `runtime.turn_loop.run_turn`, the turn's effects
answered from the scripted outcomes: integration calls (`call` waits) first, in the order
they were emitted; uploads at the end of the turn, as `botc run` does (WIRE.md 6). Nothing here does
I/O; the same table, events and outcomes always give the same `Trace`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from botc.runtime.drivers.stubs import Outcome, ScriptedPerformer
from botc.runtime.interpreter import step
from botc.runtime.state import ConversationState
from botc.runtime.testing.scripted import Conversation, fails
from botc.runtime.testing.stepping import TableData, checked, loaded_table, plain, state_json
from botc.runtime.testing.trace import Call, Trace, TracedTurn
from botc.runtime.turn_loop import run_turn
from botc.runtime.wire.events import Event, EventError


class Replayer:
    """A conversation in progress: its state, and the turns run so far."""

    def __init__(self, table: TableData, performer: ScriptedPerformer) -> None:
        self.table = table
        self.performer = performer
        self.state = ConversationState.initial()
        self.turns: list[TracedTurn] = []

    def send(self, event: Event) -> TracedTurn:
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
    replayer = Replayer(table, ScriptedPerformer(outcomes or {}, when_none_left=fails()))
    for event in events:
        turn = replayer.send(event)
        if turn.unfinished or turn.crash is not None:
            break
    return replayer.trace()


def replay_conversation(table: TableData, conversation: Conversation) -> Trace:
    """`replay` for a `Conversation`."""
    return replay(table, conversation.events, conversation.outcomes)


def _run_turn(replayer: Replayer, event: Event) -> TracedTurn:
    """One incoming event and its effects, answered until nothing is pending."""
    try:
        incoming = checked(event)
    except EventError as error:  # a generated event the runtime refuses is a finding too
        return TracedTurn(event, (), (), (), (), (), step_calls=1, crash=_crash_text(error))
    answers = _Answers(replayer.performer)
    table_step = partial(step, loaded_table(replayer.table))
    run = run_turn(table_step, replayer.state, incoming, answers)
    replayer.state = run.state
    output = run.output
    return TracedTurn(
        event=event,
        items=tuple(plain(item) for item in output.items),
        intents=tuple(plain(intent) for intent in output.intents),
        calls=tuple(answers.calls),
        faults=output.faults,
        states=tuple(state_json(call.state) for call in run.calls),
        step_calls=len(run.calls) + (run.crash is not None),
        steps_run=output.steps_run,
        branches=output.branches_taken,
        unscripted=answers.unscripted,
        unfinished=run.end == "step limit",
        crash=None if run.crash is None else _crash_text(run.crash),
    )


def _crash_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


class _Answers:
    """The turn's performer: each effect answered with the scripted outcome of its
    integration, recorded as a `Call`; None (the turn stops) for an unscripted call."""

    def __init__(self, performer: ScriptedPerformer) -> None:
        self._performer = performer
        self.calls: list[Call] = []
        self.unscripted: str | None = None

    def perform(self, effect: Mapping[str, Any]) -> dict[str, Any] | None:
        integration = str(effect.get("integration"))
        outcome = self._performer.answer(integration)
        kind = str(effect.get("effect"))
        self.calls.append(Call(integration, kind, plain(effect), outcome))
        if outcome is None:
            self.unscripted = integration
            return None
        return outcome.result_data(str(effect.get("id")))
