"""Running the `test` blocks of a compiled table (LANGUAGE.md 7, docs/TABLE.md `tests`).

Input lines (`start`, `user`, `upload`, `rich content`, `signal`) each run one turn; the
items of that turn's response become the items the following expectations consume, in
order: `bot`/`agents`/`expect KIND` take the next item of their kind (passing over items
of other kinds), `expect nothing` holds when no item is left. `NAME returns/fails` queue
the outcome of the next call of NAME; an input line is sent only when the next input or
expectation line comes, so those outcome lines may stand before or after the line that
makes the call. A test fails on the first line that does not hold.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import attrs

from botc.runtime.drivers.stubs import Outcome, ScriptedPerformer
from botc.runtime.testing.expectations import (
    argument_holds,
    describe,
    item_kind,
    item_text,
    quote,
    text_matches,
)
from botc.runtime.testing.pasteable import event_line, outcome_line
from botc.runtime.testing.replayer import Replayer
from botc.runtime.testing.scripted import (
    fails,
    file_event,
    returns,
    rich_content_event,
    signal_event,
    start_event,
    text_event,
)
from botc.runtime.testing.stepping import TableData
from botc.runtime.testing.trace import Trace, TracedTurn
from botc.runtime.wire.events import Event

_INPUT_OPS = ("start", "user", "upload", "rich_content", "signal")


@attrs.frozen
class TestFailure:
    """Why a test failed: the line that did not hold, what it wanted and what came."""

    __test__ = False  # not a pytest class

    line: int
    source: str  # the failing test line, re-written in the test language
    message: str
    expected: str | None = None
    actual: str | None = None
    response: tuple[str, ...] = ()  # the whole response of the last event, described
    faults: tuple[FaultSeen, ...] = ()  # the runtime faults of the last event's turn


@attrs.frozen
class FaultSeen:
    """A runtime fault of the turn a failure happened in: why the bot answered as it did."""

    message: str
    dialog: str | None
    line: int | None


@attrs.frozen
class TestResult:
    """The outcome of one `test` block."""

    __test__ = False

    file: str
    name: str
    line: int
    failure: TestFailure | None
    trace: Trace
    seconds: float = 0.0  # how long the test took to run

    @property
    def passed(self) -> bool:
        return self.failure is None


def run_tests(table: TableData) -> list[TestResult]:
    """Run every test of `table`, in file order."""
    return [run_test(table, test) for test in table.get("tests") or []]


def run_test(table: TableData, test: Mapping[str, Any]) -> TestResult:
    """Run one test (an entry of the table's `tests`) on a new conversation."""
    started = time.perf_counter()
    run = _TestRun(table)
    failure = None
    for line in test.get("lines") or []:
        failure = run.apply(line)
        if failure is not None:
            break
    if failure is None:
        failure = run.flush() or run.unused_outcomes()
    return TestResult(
        file=str(table.get("source") or "<table>"),
        name=str(test.get("name")),
        line=int(test.get("line") or 0),
        failure=failure,
        trace=run.replayer.trace(),
        seconds=time.perf_counter() - started,
    )


def line_source(line: Mapping[str, Any]) -> str:
    """A test line (table form) written back in the test language."""
    op = line.get("op")
    if op == "upload":  # its size as written (bytes), where a pasted line rounds to kb
        size = line.get("size")
        return f"upload {quote(str(line.get('filename')))}" + (
            "" if size is None else f" size {size}"
        )
    if op in _INPUT_OPS:
        return event_line(event_for(line))
    if op in ("returns", "fails"):
        return outcome_line(str(line.get("integration")), outcome_for(line))
    if op == "bot":
        word = "agents" if line.get("audience") == "agents" else "bot"
        return f"{word} {quote(str(line.get('text')))}"
    if op == "expect":
        argument = line.get("argument")
        kind = str(line.get("kind"))
        if kind == "transfer" and argument is not None:
            return f"expect transfer to skill {argument}"
        return f"expect {kind}" + ("" if argument is None else f" {argument}")
    return str(op)


def event_for(line: Mapping[str, Any]) -> Event:
    """The incoming event an input line sends."""
    op = line.get("op")
    if op == "start":
        text = line.get("text")
        return start_event(None if text is None else str(text))
    if op == "user":
        return text_event(str(line.get("text")))
    if op == "upload":
        size = line.get("size")
        return file_event(str(line.get("filename")), None if size is None else int(size))
    if op == "rich_content":
        return rich_content_event(line.get("content"))
    return signal_event(str(line.get("payload")))


def outcome_for(line: Mapping[str, Any]) -> Outcome:
    """The outcome a `returns` / `fails` line queues."""
    number = int(line.get("line") or 0)
    if line.get("op") == "fails":
        return fails(line=number)
    status = line.get("status")
    return returns(line.get("body"), status=200 if status is None else int(status), line=number)


class _TestRun:
    """One test in progress: the conversation, and the items not yet consumed."""

    def __init__(self, table: TableData) -> None:
        self.table = table
        self.replayer = Replayer(table, ScriptedPerformer({}))
        self.items: list[dict[str, Any]] = []
        self.last_turn: TracedTurn | None = None
        self.last_input: Mapping[str, Any] | None = None
        self.pending: Mapping[str, Any] | None = None

    def apply(self, line: Mapping[str, Any]) -> TestFailure | None:
        op = line.get("op")
        if op in ("returns", "fails"):
            self.replayer.performer.queue(str(line.get("integration")), outcome_for(line))
            return None
        failure = self.flush()
        if failure is not None:
            return failure
        if op in _INPUT_OPS:
            # Sent when the next line needs its response, so that the outcomes of the calls
            # it makes may be written after it (`user "123456"` then `Balance returns ...`).
            self.pending = line
            return None
        if op == "bot":
            kind = "agents" if line.get("audience") == "agents" else "bot"
            return self._expect(line, kind)
        if op == "expect":
            kind = str(line.get("kind"))
            if kind == "nothing":
                return self._expect_nothing(line)
            return self._expect(line, kind)
        return self._fail(line, f"unknown test line {op!r}")

    def flush(self) -> TestFailure | None:
        """Send the input line waiting to be sent, if any."""
        line, self.pending = self.pending, None
        return None if line is None else self._send(line)

    def _send(self, line: Mapping[str, Any]) -> TestFailure | None:
        turn = self.replayer.send(event_for(line))
        self.last_turn, self.last_input = turn, line
        self.items = list(turn.items)
        if turn.crash is not None:
            return self._fail(line, f"the runtime crashed: {turn.crash}")
        if turn.unscripted is not None:
            name = turn.unscripted
            return self._fail(
                line,
                f"{name} was called but the test gives no outcome for the call; add "
                f"`{name} returns {{...}}` or `{name} fails` after line {line.get('line')}",
            )
        if turn.unfinished:
            return self._fail(line, "the turn did not finish (effects kept coming)")
        return None

    def _expect(self, line: Mapping[str, Any], kind: str) -> TestFailure | None:
        functions = self.table.get("functions") or {}
        for index, item in enumerate(self.items):
            if item_kind(item) != kind:
                continue
            del self.items[: index + 1]
            if kind in ("bot", "agents"):
                expected = str(line.get("text"))
                if text_matches(expected, item_text(item) or ""):
                    return None
            elif argument_holds(kind, line.get("argument"), item, functions):
                return None
            return self._fail(line, "the next item differs", actual=describe(item))
        self.items.clear()
        return self._fail(line, f"no {kind} item left", actual=self._nothing_left())

    def _expect_nothing(self, line: Mapping[str, Any]) -> TestFailure | None:
        if not self.items:
            return None
        left = "\n".join(describe(item) for item in self.items)
        return self._fail(line, "the bot sent more", actual=left)

    def _nothing_left(self) -> str:
        if self.last_input is None:
            return "nothing (no event was sent before this line)"
        return f"nothing more for line {self.last_input.get('line')}"

    def _fail(
        self, line: Mapping[str, Any], message: str, *, actual: str | None = None
    ) -> TestFailure:
        is_expectation = line.get("op") in ("bot", "expect")
        turn = self.last_turn
        response = tuple(describe(i) for i in turn.items) if turn else ()
        faults = tuple(FaultSeen(f.message, f.dialog, f.line) for f in turn.faults) if turn else ()
        return TestFailure(
            line=int(line.get("line") or 0),
            source=line_source(line),
            message=message,
            expected=line_source(line) if is_expectation else None,
            actual=actual,
            response=response,
            faults=faults,
        )

    def unused_outcomes(self) -> TestFailure | None:
        """A failure for the first queued outcome no call used, else None."""
        for name, outcome in self.replayer.performer.unused():
            source = f"{name} fails" if outcome.error else f"{name} returns"
            return TestFailure(
                line=outcome.line or 0,
                source=source,
                message=f"this outcome was never used: no call of {name} followed it",
            )
        return None
