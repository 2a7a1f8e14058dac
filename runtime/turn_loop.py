"""One turn, from its incoming event to its response: the loop every driver runs.

A *turn* (docs/INTERNALS.md) is one incoming event plus the EFFECT_RESULT events fed back
until nothing is pending. `run_turn(step, state, event, performer)` calls `step` for the
event, then hands each effect the turn emits to `performer` and feeds the outcome back
through `step`, until no effect is pending, the performer has no outcome for one within
the turn, `step` raises, or MAX_STEP_CALLS_PER_TURN calls were made. Integration calls are
answered first, in the order they were emitted; uploads after them (WIRE.md 6). The
outputs of the turn's calls are merged with `interpreter.merge_outputs` (items in order,
each intent once); the interpreter itself holds back a second ACTION for the next response.

`step` is any `(state, event) -> (state, Output)` function — `interpreter.step` bound to a
table, or a stand-in with JSON states in the service's tests — so the state is decoded
once before the turn and encoded once after it, never around each call. The CLI session
(`runtime/drivers/session.py`), the service (`runtime/server/turns.py`) and the test
replayer (`runtime/testing/replayer.py`) are thin wrappers around `run_turn`; a model
checker drives it the same way. Nothing here does I/O beyond what `performer` does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, Generic, Literal, Protocol, TypeVar

import attrs

from botc.runtime.defaults import MAX_STEP_CALLS_PER_TURN
from botc.runtime.interpreter import Output, merge_outputs
from botc.runtime.json_types import JsonDict
from botc.runtime.wire.events import HOSTED_FILE, Event, effect_result_event

S = TypeVar("S")

StepFunction = Callable[[S, Event], tuple[S, Output]]
EmittedHook = Callable[[tuple[JsonDict, ...]], None]

# How a turn ended: every effect answered; the performer had no outcome for one (it is
# first in `TurnRun.left`); `step` raised (`TurnRun.crash`); the step-call limit.
TurnEnd = Literal["done", "no outcome", "crashed", "step limit"]

# the hosted-file fields that carry the bytes; kept out of the state, added back for the upload
_FILE_BYTES_KEYS: Final = ("content", "url")


class TurnPerformer(Protocol):
    """Gives the outcome of an effect: the EFFECT_RESULT data (WIRE.md 4), or None when it
    has none within this turn (a slow upload, a call no test scripted); the turn stops
    there. It may raise to abandon the turn (`runtime.drivers.performer.PerformError`).
    Every `runtime.drivers.performer.Performer` is one."""

    def perform(self, effect: Mapping[str, Any]) -> JsonDict | None: ...


@attrs.frozen
class StepCall(Generic[S]):
    """One `step` call of a turn: the event fed, its output, the state after it."""

    event: Event
    output: Output
    state: S


@attrs.frozen
class PerformedEffect:
    """An effect of the turn as `step` emitted it (secrets as placeholders) and the
    EFFECT_RESULT data the performer gave for it."""

    effect: JsonDict
    result: JsonDict

    @property
    def error(self) -> str | None:
        """Why the effect got no reply, or None when it got one."""
        error = self.result.get("error")
        return error if isinstance(error, str) else None


@attrs.frozen
class TurnRun(Generic[S]):
    """A turn run to its end.

    `state` is the state after the last `step` call that returned; `output` the merged
    output of all of them (`output.effects`: every effect emitted); `calls` each call in
    order; `performed` the effects answered, in order; `left` the effects emitted and not
    answered, in the order they would have been (non-empty only when the turn did not end
    `"done"`); `crash` what `step` raised, for an `end` of `"crashed"`.
    """

    state: S
    output: Output
    calls: tuple[StepCall[S], ...]
    performed: tuple[PerformedEffect, ...]
    left: tuple[JsonDict, ...]
    end: TurnEnd
    crash: Exception | None = None


def run_turn(
    step: StepFunction[S],
    state: S,
    event: Event,
    performer: TurnPerformer,
    *,
    on_emitted: EmittedHook | None = None,
) -> TurnRun[S]:
    """Run the turn of the incoming `event` from `state` (see the module docstring).

    `on_emitted` is told each call's effects as soon as `step` emits them, before any of
    them is performed (the service claims the conversation and starts uploads there); an
    exception it raises, like one `performer` raises, abandons the turn and propagates.
    An exception raised by `step` (or a performer's result that is no EFFECT_RESULT
    data) does not propagate: the turn ends `"crashed"` with it in `crash`.
    """
    calls: list[StepCall[S]] = []
    performed: list[PerformedEffect] = []
    pending: list[JsonDict] = []
    fed = event
    end: TurnEnd = "done"
    crash: Exception | None = None
    while True:
        try:
            state, output = step(state, fed)
        except Exception as error:  # the driver decides what an escape from `step` means
            end, crash = "crashed", error
            break
        calls.append(StepCall(fed, output, state))
        if output.effects:
            emitted = tuple(dict(effect) for effect in output.effects)
            pending.extend(emitted)
            if on_emitted is not None:
                on_emitted(emitted)
        if not pending:
            break
        if len(calls) >= MAX_STEP_CALLS_PER_TURN:
            end = "step limit"
            break
        effect = _next_effect(pending)
        result = performer.perform(_with_file_bytes(effect, event))
        if result is None:
            pending.insert(0, effect)
            end = "no outcome"
            break
        performed.append(PerformedEffect(effect, result))
        try:
            fed = effect_result_event(result)
        except Exception as error:  # a performer's result the interpreter cannot take
            end, crash = "crashed", error
            break
    return TurnRun(
        state=state,
        output=merge_outputs(call.output for call in calls),
        calls=tuple(calls),
        performed=tuple(performed),
        left=tuple(pending),
        end=end,
        crash=crash,
    )


def _next_effect(pending: list[JsonDict]) -> JsonDict:
    """Take the next effect to perform: the first integration call, else the first upload."""
    for index, effect in enumerate(pending):
        if effect.get("effect") != "upload":
            return pending.pop(index)
    return pending.pop(0)


def _with_file_bytes(effect: JsonDict, incoming: Event) -> JsonDict:
    """The effect to perform: an upload of the file this turn's event brought gets the
    file's bytes back (the state keeps the accepted file without them)."""
    file = effect.get("file")
    if incoming.type != HOSTED_FILE or not isinstance(file, Mapping):
        return effect
    missing = {
        key: incoming.data[key]
        for key in _FILE_BYTES_KEYS
        if key in incoming.data and key not in file
    }
    return {**effect, "file": {**file, **missing}} if missing else effect
