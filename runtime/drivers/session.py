"""`Session`: one conversation run in-process — the driver behind `botc run`, `botc chat`
and the tests.

`send(event)` runs one *turn* (docs/INTERNALS.md) with `runtime.turn_loop.run_turn`: it
parses the event, steps the interpreter, performs each effect the turn emits through the
performer and feeds its result back, integration calls first and uploads at the end of
the turn, whose outcomes' items join the same response (WIRE.md 6). The turn's response
comes back in the chosen wire format, with a trace of every `step` call. The state
changes only when the whole turn went through.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, Final, Literal

import attrs

from botc.runtime.defaults import MAX_STEP_CALLS_PER_TURN
from botc.runtime.drivers.performer import Performer, PerformError
from botc.runtime.faults import Fault
from botc.runtime.interpreter import Output, step
from botc.runtime.loading import Table
from botc.runtime.state import ConversationState
from botc.runtime.turn_loop import PerformedEffect, run_turn
from botc.runtime.wire import custom_endpoint, functions
from botc.runtime.wire.events import parse_incoming

__all__ = ["FORMATS", "PerformedEffect", "Session", "TraceEntry", "TurnError", "TurnResult"]

ResponseFormat = Literal["custom-endpoint", "functions"]
FORMATS: Final[tuple[ResponseFormat, ...]] = ("custom-endpoint", "functions")


class TurnError(PerformError):
    """A turn that does not end: its effects kept coming for MAX_STEP_CALLS_PER_TURN
    `step` calls (an upload whose outcome starts another upload, and so on)."""


@attrs.frozen
class TraceEntry:
    """One `step` call of a turn: the event fed (JSON), its output, the state after (JSON)."""

    event: dict[str, Any]
    output: Output
    state: dict[str, Any]


@attrs.frozen
class TurnResult:
    """A whole turn: the response in the session's format, what went into it, and the trace.

    `items` and `intents` are the response items and intents of every step of the turn
    in order (intents once each); `faults` the runtime faults logged; `performed` the
    effects performed, in order, with their results; `state` the state after the turn.
    """

    response: dict[str, Any]
    items: tuple[dict[str, Any], ...]
    intents: tuple[dict[str, Any], ...]
    faults: tuple[Fault, ...]
    performed: tuple[PerformedEffect, ...]
    state: ConversationState
    trace: tuple[TraceEntry, ...]


class Session:
    """A conversation with the bot of `table`; effects are performed by `performer`.

    The `functions` format refuses a table with steps that shape cannot carry
    (`runtime.wire.functions.FunctionsFormatError`), before any turn.
    """

    def __init__(
        self,
        table: Table,
        performer: Performer,
        *,
        format: ResponseFormat = "custom-endpoint",
        state: ConversationState | None = None,
    ) -> None:
        if format not in FORMATS:
            raise ValueError(f"unknown response format {format!r}; use one of {FORMATS}")
        if format == "functions":
            functions.check_table(table.data)  # FunctionsFormatError: refuse it before any turn
        self.table = table
        self.performer = performer
        self.format: ResponseFormat = format
        self.state = state if state is not None else ConversationState.initial()

    def send(self, event: object) -> TurnResult:
        """Run the turn of the incoming `event` (a WIRE.md 1 JSON object) and return it.

        Raises EventError for an event that is not a supported one, and TurnError (a
        PerformError) when an effect gets no outcome; in both cases the state is unchanged.
        """
        incoming = parse_incoming(dict(event) if isinstance(event, Mapping) else event)
        run = run_turn(partial(step, self.table), self.state, incoming, self.performer)
        if run.crash is not None:
            raise run.crash
        if run.end != "done":
            raise TurnError(
                f"the turn did not end after {MAX_STEP_CALLS_PER_TURN} steps "
                "(an integration called in a loop?)"
            )
        output = run.output
        self.state = run.state
        return TurnResult(
            response=_response(self.format, output.items, output.intents),
            items=output.items,
            intents=output.intents,
            faults=output.faults,
            performed=run.performed,
            state=run.state,
            trace=tuple(
                TraceEntry(call.event.to_json(), call.output, call.state.to_json())
                for call in run.calls
            ),
        )


def _response(
    format: ResponseFormat, items: tuple[dict[str, Any], ...], intents: tuple[dict[str, Any], ...]
) -> dict[str, Any]:
    build = custom_endpoint.response if format == "custom-endpoint" else functions.response
    return build(items, intents)
