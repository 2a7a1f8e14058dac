"""The record of a replayed conversation: per turn, what came in, what went out, and how.

A *turn* is one incoming event plus the EFFECT_RESULT events fed back until nothing is
pending (docs/INTERNALS.md). Everything here is plain JSON-able data so that two traces can
be compared for determinism and a failing one can be printed.
"""

from __future__ import annotations

from typing import Any

import attrs

from botc.runtime.drivers.stubs import Outcome
from botc.runtime.faults import Fault
from botc.runtime.wire.events import Event


@attrs.frozen
class Call:
    """One effect the turn emitted and the scripted outcome it was answered with."""

    integration: str
    kind: str  # "http" or "upload"
    effect: dict[str, Any]
    outcome: Outcome | None  # None when nothing was scripted for it (the turn stopped there)


@attrs.frozen
class TracedTurn:
    """One incoming event and everything the bot did about it."""

    event: Event
    items: tuple[dict[str, Any], ...]
    intents: tuple[dict[str, Any], ...]
    calls: tuple[Call, ...]
    faults: tuple[Fault, ...]  # the faults the interpreter logged
    states: tuple[dict[str, Any], ...]  # the state (JSON) after each `step` call of the turn
    step_calls: int  # how many times `step` ran for this turn
    steps_run: tuple[int, ...] = ()  # table step ids executed, when the interpreter reports them
    branches: tuple[tuple[int, int], ...] = ()  # (step id, branch index) taken, when reported
    unscripted: str | None = None  # an integration called with no outcome queued
    unfinished: bool = False  # the turn hit the step-call limit (MAX_STEP_CALLS_PER_TURN)
    crash: str | None = None  # what `step` raised (`Type: message`), ending the turn


@attrs.frozen
class Trace:
    """A whole replayed conversation."""

    turns: tuple[TracedTurn, ...]

    def outputs(self) -> list[dict[str, Any]]:
        """The observable outputs per turn, for determinism checks."""
        return [
            {
                "items": list(turn.items),
                "intents": list(turn.intents),
                "effects": [call.effect for call in turn.calls],
                "states": list(turn.states),
                # where the table came from is not an output: the same bot may be compiled twice
                "faults": [[fault.message, fault.dialog, fault.line] for fault in turn.faults],
                "crash": turn.crash,
            }
            for turn in self.turns
        ]
