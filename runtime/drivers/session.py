"""`Session`: one conversation run in-process — the driver behind `botc run`, `botc chat`
and the tests.

`send(event)` runs one *turn* (docs/INTERNALS.md): it parses the event, steps the
interpreter, performs each effect the turn emits through the performer and feeds its
result back as an EFFECT_RESULT event at once, in the order the effects were emitted,
until nothing is pending. Integration calls go first; uploads are performed at the end
of the turn and what their outcomes make the bot say is appended to the same response
(WIRE.md 6). The turn's response comes back in the chosen wire format, with a trace of
every `step` call. The state changes only when the whole turn went through.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any, Final, Literal

import attrs

from runtime.defaults import MAX_STEPS_PER_TURN
from runtime.drivers.performer import Performer, PerformError
from runtime.faults import Fault
from runtime.interpreter import Output, step
from runtime.loading import Table
from runtime.state import ConversationState
from runtime.wire import custom_endpoint, functions
from runtime.wire.events import (
    EFFECT_RESULT,
    HOSTED_FILE,
    Event,
    parse_event,
    parse_incoming,
)

ResponseFormat = Literal["custom-endpoint", "functions"]
FORMATS: Final[tuple[ResponseFormat, ...]] = ("custom-endpoint", "functions")

# the hosted-file fields that carry the bytes; kept out of the state, added back for the upload
_FILE_BYTES_KEYS: Final = ("content", "url")


class TurnError(PerformError):
    """A turn that does not end: its effects kept coming for MAX_STEPS_PER_TURN `step`
    calls (a guard; the interpreter itself stops a turn that runs that many steps)."""


@attrs.frozen
class TraceEntry:
    """One `step` call of a turn: the event fed (JSON), its output, the state after (JSON)."""

    event: dict[str, Any]
    output: Output
    state: dict[str, Any]


@attrs.frozen
class PerformedEffect:
    """An effect of the turn as the interpreter emitted it (secrets as placeholders) and
    the EFFECT_RESULT data the performer gave for it."""

    effect: dict[str, Any]
    result: dict[str, Any]

    @property
    def error(self) -> str | None:
        """Why the effect got no reply, or None when it got one."""
        error = self.result.get("error")
        return error if isinstance(error, str) else None


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
        turn = _Turn(self.table, self.state, self.performer, incoming)
        turn.run()
        response = _response(self.format, turn.items, turn.intents)
        self.state = turn.state
        return TurnResult(
            response=response,
            items=tuple(turn.items),
            intents=tuple(turn.intents),
            faults=tuple(turn.faults),
            performed=tuple(turn.performed),
            state=turn.state,
            trace=tuple(turn.trace),
        )


class _Turn:
    """The working record of one turn: steps the interpreter and performs the effects."""

    def __init__(
        self, table: Table, state: ConversationState, performer: Performer, incoming: Event
    ) -> None:
        self.table = table
        self.state = state
        self.performer = performer
        self.incoming = incoming
        self.items: list[dict[str, Any]] = []
        self.intents: list[dict[str, Any]] = []
        self.faults: list[Fault] = []
        self.trace: list[TraceEntry] = []
        self.performed: list[PerformedEffect] = []
        self.calls: deque[dict[str, Any]] = deque()
        self.uploads: deque[dict[str, Any]] = deque()

    def run(self) -> None:
        self._step(self.incoming)
        while self.calls or self.uploads:
            if len(self.trace) >= MAX_STEPS_PER_TURN:
                raise TurnError(
                    f"the turn did not end after {MAX_STEPS_PER_TURN} steps "
                    "(an integration called in a loop?)"
                )
            emitted = self.calls.popleft() if self.calls else self.uploads.popleft()
            result = self.performer.perform(self._with_file_bytes(emitted))
            self.performed.append(PerformedEffect(emitted, result))
            self._step(parse_event({"type": EFFECT_RESULT, "data": result}))

    def _with_file_bytes(self, effect: dict[str, Any]) -> dict[str, Any]:
        file = effect.get("file")
        if self.incoming.type != HOSTED_FILE or not isinstance(file, Mapping):
            return effect
        # the state keeps the accepted file without its bytes: take them from this turn's event
        missing = {
            key: self.incoming.data[key]
            for key in _FILE_BYTES_KEYS
            if key in self.incoming.data and key not in file
        }
        return {**effect, "file": {**file, **missing}} if missing else effect

    def _step(self, event: Event) -> None:
        self.state, output = step(self.table, self.state, event)
        self.trace.append(TraceEntry(event.to_json(), output, self.state.to_json()))
        self.items.extend(output.items)
        self.faults.extend(output.faults)
        for intent in output.intents:
            if all(intent.get("id") != seen.get("id") for seen in self.intents):
                self.intents.append(intent)
        for effect in output.effects:
            queue = self.uploads if effect.get("effect") == "upload" else self.calls
            queue.append(dict(effect))


def _response(
    format: ResponseFormat, items: list[dict[str, Any]], intents: list[dict[str, Any]]
) -> dict[str, Any]:
    build = custom_endpoint.response if format == "custom-endpoint" else functions.response
    return build(tuple(items), tuple(intents))
