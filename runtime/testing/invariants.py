"""The built-in invariants: properties every conversation with every bot must keep.

Each is a plain function from a `Trace` (and the table, where needed) to the list of
`Violation`s it finds, so it can be called from any `@given` test; `violations` runs them
all and `check_invariants` raises `InvariantViolation` (an AssertionError) on the first
turn that breaks one. Turns the replay could not finish (no outcome scripted) are skipped.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from botc.runtime.defaults import (
    ESCALATION_FAILED_TEXT,
    FORM_SUBMISSION_TEXT,
    MAX_STEPS_PER_TURN,
    ONE_RETRY_ATTEMPTS,
    UPLOAD_FAILED_PREFIX,
    UPLOAD_SUCCESS_PREFIX,
)
from botc.runtime.drivers.stubs import Outcome
from botc.runtime.testing.expectations import is_action, item_kind, item_text
from botc.runtime.testing.replayer import replay
from botc.runtime.testing.scripted import consumer_text
from botc.runtime.testing.stepping import TableData, state_from_json, state_json
from botc.runtime.testing.trace import Trace, TracedTurn


@attrs.frozen
class Violation:
    """An invariant a turn broke: which one, at which turn (0-based), and how."""

    invariant: str
    turn: int
    message: str

    def __str__(self) -> str:
        return f"{self.invariant} (turn {self.turn + 1}): {self.message}"


class InvariantViolation(AssertionError):
    """Raised by `check_invariants`; `violations` lists what was found."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__("\n".join(str(v) for v in violations))


def is_platform_message(text: str) -> bool:
    """Platform texts (LANGUAGE.md 4.3) that are not the consumer writing."""
    stripped = text.strip()
    return (
        (stripped.startswith("__") and stripped.endswith("__") and len(stripped) > 4)
        or stripped.startswith((UPLOAD_SUCCESS_PREFIX, UPLOAD_FAILED_PREFIX))
        or stripped == FORM_SUBMISSION_TEXT
    )


def _finished(trace: Trace) -> list[tuple[int, TracedTurn]]:
    return [(i, t) for i, t in enumerate(trace.turns) if t.unscripted is None]


def runtime_faults(trace: Trace, table: TableData | None = None) -> list[Violation]:
    """No turn crashed `step` or logged a fault of one of the bot's steps (failed template,
    non-numeric skill id, a turn that never waits, ...). Faults tied to no line are about
    the input (a file nobody asked for) and are left out; so are those of a `store` of
    `table`'s integrations, which make the call fail (see `unhandled_integration_failures`)."""
    stores = _store_lines(table)
    found: list[Violation] = []
    for index, turn in enumerate(trace.turns):
        found.extend(
            Violation(
                "no runtime fault",
                index,
                "fault logged: "
                + fault.message
                + (f" (dialog {fault.dialog}, line {fault.line})" if fault.line else ""),
            )
            for fault in turn.faults
            if fault.line is not None and fault.line not in stores
        )
        if turn.crash is not None:
            found.append(Violation("no runtime fault", index, "step raised " + turn.crash))
    return found


def extra_actions(trace: Trace) -> list[Violation]:
    """Every response carries at most one ACTION (TRANSFER included)."""
    found = []
    for index, turn in _finished(trace):
        actions = [item for item in turn.items if is_action(item)]
        if len(actions) > 1:
            names = ", ".join(str(item["data"].get("name")) for item in actions)
            found.append(
                Violation("one action per response", index, f"{len(actions)} actions: {names}")
            )
    return found


def invalid_responses(trace: Trace) -> list[Violation]:
    """Every response is a valid Custom Endpoint response (WIRE.md 2), as the project's
    validator `runtime.wire.validate.response_problems` judges it."""
    from botc.runtime.wire.custom_endpoint import response

    problems = _response_validator()
    return [
        Violation("valid response", index, problem)
        for index, turn in _finished(trace)
        for problem in problems(response(turn.items, turn.intents))
    ]


def _response_validator() -> Callable[[dict[str, Any]], list[str]]:
    """`response_problems`, or the item-type check below while that module is not there."""
    try:
        module = importlib.import_module("botc.runtime.wire.validate")
    except ImportError:
        return _item_type_problems
    checker: Callable[[dict[str, Any]], list[str]] = module.response_problems
    return checker


_ITEM_TYPES = ("TEXT", "STRUCTURED_CONTENT", "DELAY", "ACTION")


def _item_type_problems(body: dict[str, Any]) -> list[str]:
    return [
        f"response[{index}]: unknown item type {item.get('type')!r}"
        for index, item in enumerate(body.get("response") or [])
        if item.get("type") not in _ITEM_TYPES
    ]


def state_round_trip_failures(trace: Trace) -> list[Violation]:
    """Every state survives JSON text and `from_json`/`to_json` unchanged."""
    found = []
    for index, turn in enumerate(trace.turns):
        for data in turn.states:
            try:
                again = state_json(state_from_json(json.loads(json.dumps(data))))
            except Exception as error:  # the failure to rebuild is the finding
                found.append(
                    Violation("state round-trips", index, f"{type(error).__name__}: {error}")
                )
                continue
            if again != data:
                found.append(Violation("state round-trips", index, f"{data} came back as {again}"))
    return found


def unbounded_turns(trace: Trace, limit: int = MAX_STEPS_PER_TURN) -> list[Violation]:
    """Every turn finishes, within `limit` steps of the table."""
    found = []
    for index, turn in enumerate(trace.turns):
        if turn.unfinished:
            found.append(Violation("bounded turn", index, "the turn kept emitting effects"))
        elif len(turn.steps_run) > limit:
            found.append(Violation("bounded turn", index, f"{len(turn.steps_run)} steps ran"))
    return found


# What the consumer sees of a response: messages and cards, and the actions that change
# their conversation (a transfer, a secure form, a close). Private texts to the agents,
# pauses, function calls, signals and priority changes alone leave the consumer in silence.
SEEN_KINDS = frozenset({"bot", "card", "transfer", "secure form", "close"})


def silent_turns(trace: Trace) -> list[Violation]:
    """A consumer text (not a platform message) always gets something the consumer sees
    (`SEEN_KINDS`: private texts and actions such as a priority change do not count)."""
    found = []
    for index, turn in _finished(trace):
        text = consumer_text(turn.event)
        if text is None or is_platform_message(text):
            continue
        if any(item_kind(item) in SEEN_KINDS for item in turn.items):
            continue
        if turn.crash is not None:
            continue
        unseen = ", ".join(dict.fromkeys(item_kind(item) for item in turn.items))
        got = f"only {unseen}" if unseen else "nothing"
        message = f"the consumer wrote {text!r} and got {got}"
        found.append(Violation("no silent turn", index, message))
    return found


def escalation_overruns(table: TableData, trace: Trace) -> list[Violation]:
    """Escalation stops at the configured count (LANGUAGE.md 5.7): the failure that reaches
    it gets only the stop text, and the count never passes it."""
    return [v for v in _escalation_findings(table, trace) if v.invariant == "escalation stops"]


def escalation_loops(table: TableData, trace: Trace) -> list[Violation]:
    """The bot does not lean on the runtime's stop: answering every failed transfer with
    another transfer, until the runtime stops it, is a loop."""
    return [v for v in _escalation_findings(table, trace) if v.invariant == "no escalation loop"]


def _escalation_findings(table: TableData, trace: Trace) -> list[Violation]:
    bot = table.get("bot") or {}
    attempts = int(bot.get("escalation_attempts") or 4)
    stop_text = (bot.get("texts") or {}).get("escalation_stopped")
    found: list[Violation] = []
    failures = 0  # the runtime's count before the turn
    retried = 0  # failures in a row answered with another transfer
    for index, turn in _finished(trace):
        is_failure = consumer_text(turn.event) == ESCALATION_FAILED_TEXT
        transfers = [i for i in turn.items if item_kind(i) == "transfer"]
        if is_failure and failures + 1 >= attempts:
            texts = [item_text(i) for i in turn.items if item_kind(i) == "bot"]
            if transfers or texts != [stop_text]:
                found.append(
                    Violation(
                        "escalation stops",
                        index,
                        f"failure {failures + 1} of {attempts} should only send {stop_text!r}",
                    )
                )
            elif attempts > ONE_RETRY_ATTEMPTS and retried >= attempts - 1:
                found.append(
                    Violation(
                        "no escalation loop",
                        index,
                        f"the bot answered {retried} failed transfers in a row with "
                        f"another transfer until the runtime stopped it",
                    )
                )
        retried = retried + 1 if is_failure and transfers else 0
        failures = int(turn.states[-1].get("escalationFailures", 0)) if turn.states else failures
        if failures >= attempts:
            found.append(Violation("escalation stops", index, f"the count reached {failures}"))
    return found


def unhandled_integration_failures(table: TableData, trace: Trace) -> list[Violation]:
    """A failed integration call is handled by the bot (an `on failure` branch or a `when`
    on it), not left to the runtime's default response."""
    texts = (table.get("bot") or {}).get("texts") or {}
    fallback_text = texts.get("integration_failure")
    if not isinstance(fallback_text, str):
        return []
    stores = _store_lines(table)
    found = []
    for index, turn in _finished(trace):
        failed = [
            c for c in turn.calls if c.kind == "http" and _failed(c.outcome, turn, c.integration)
        ]
        said = [item_text(i) for i in turn.items if item_kind(i) == "bot"].count(fallback_text)
        if failed and texts.get("error") == fallback_text:
            # a failing step sends the same text (one `default response` for both)
            said -= sum(1 for f in turn.faults if f.line is not None and f.line not in stores)
        if failed and said > 0:
            if _bot_says(table, fallback_text):
                return []  # the bot says that text itself: it cannot tell the runtime's apart
            names = ", ".join(dict.fromkeys(c.integration for c in failed))
            found.append(
                Violation(
                    "integration failure handled",
                    index,
                    f"{names} failed and no branch handled it; the consumer got {fallback_text!r}",
                )
            )
    return found


def _store_lines(table: TableData | None) -> set[Any]:
    """The lines of the integrations' `store` expressions."""
    return {
        store.get("line")
        for spec in ((table or {}).get("integrations") or {}).values()
        for store in spec.get("stores") or []
    }


def _failed(outcome: Outcome | None, turn: TracedTurn, integration: str) -> bool:
    if outcome is None:
        return False
    if not outcome.ok:
        return True
    record = (turn.states[-1].get("fields") or {}).get(integration) if turn.states else None
    return isinstance(record, dict) and record.get("ok") is False


def _bot_says(table: TableData, text: str) -> bool:
    """Whether some `say` step of the bot says `text` itself."""
    return any(
        step.get("op") == "say" and (step.get("args") or {}).get("text") == text
        for step in table.get("steps") or []
    )


def nondeterminism(table: TableData, trace: Trace) -> list[Violation]:
    """Replaying the same events with the same outcomes gives the same outputs."""
    outcomes: dict[str, list[Outcome]] = {}
    for turn in trace.turns:
        for call in turn.calls:
            if call.outcome is not None:
                outcomes.setdefault(call.integration, []).append(call.outcome)
    again = replay(table, [turn.event for turn in trace.turns], outcomes)
    first, second = trace.outputs(), again.outputs()
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            return [Violation("determinism", index, f"first run {a}, second run {b}")]
    if len(first) != len(second):
        return [Violation("determinism", min(len(first), len(second)), "the runs differ in length")]
    return []


Invariant = Callable[[TableData, Trace], list[Violation]]

INVARIANTS: Mapping[str, Invariant] = {
    "no runtime fault": lambda table, trace: runtime_faults(trace, table),
    "determinism": nondeterminism,
    "one action per response": lambda table, trace: extra_actions(trace),
    "valid response": lambda table, trace: invalid_responses(trace),
    "state round-trips": lambda table, trace: state_round_trip_failures(trace),
    "bounded turn": lambda table, trace: unbounded_turns(trace),
    "escalation stops": escalation_overruns,
    "no escalation loop": escalation_loops,
    "integration failure handled": unhandled_integration_failures,
    "no silent turn": lambda table, trace: silent_turns(trace),
}


def violations(table: TableData, trace: Trace, *, skip: tuple[str, ...] = ()) -> list[Violation]:
    """Every violation of every built-in invariant (except those named in `skip`), by turn."""
    found = [
        v for name, check in INVARIANTS.items() if name not in skip for v in check(table, trace)
    ]
    return sorted(found, key=lambda v: v.turn)


def check_invariants(table: TableData, trace: Trace, *, skip: tuple[str, ...] = ()) -> None:
    """Raise `InvariantViolation` when `trace` breaks a built-in invariant."""
    found = violations(table, trace, skip=skip)
    if found:
        raise InvariantViolation(found)
