"""The built-in invariants: each finds what it is about, and only that."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from botc.runtime.testing import (
    InvariantViolation,
    Trace,
    TracedTurn,
    check_invariants,
    escalation_loops,
    escalation_overruns,
    extra_actions,
    fails,
    file_event,
    invalid_responses,
    nondeterminism,
    replay,
    runtime_faults,
    silent_turns,
    state_round_trip_failures,
    text_event,
    unbounded_turns,
    unhandled_integration_failures,
    violations,
)
from botc.runtime.testing.scripted import escalation_failed_event
from botc.runtime.wire.events import Event

Table = dict[str, Any]

GREETER = """
dialog hello
    user says "hello"
    say "Hi {{ name }}!"

dialog fallback
    on fallback
    say "Pardon?"
"""


def turn(event: Event, *items: dict[str, Any], **fields: Any) -> TracedTurn:
    """A hand-made turn: `event`, its `items`, and any other TracedTurn field."""
    values: dict[str, Any] = {
        "event": event,
        "items": items,
        "intents": (),
        "calls": (),
        "faults": (),
        "states": ({},),
        "step_calls": 1,
    }
    values.update(fields)
    return TracedTurn(**values)


def say(text: str) -> dict[str, Any]:
    return {"type": "TEXT", "data": {"message": text}}


def action(name: str, **parameters: Any) -> dict[str, Any]:
    return {"type": "ACTION", "data": {"name": name, "parameters": parameters}}


def test_template_failure_is_a_runtime_fault_with_its_line(bot: Callable[[str], Table]) -> None:
    table = bot(GREETER)
    found = runtime_faults(replay(table, [text_event("hello")]), table)
    assert len(found) == 1
    assert found[0].invariant == "no runtime fault"
    assert "line 3" in found[0].message


def test_fault_tied_to_no_step_is_not_the_bots_fault(bot: Callable[[str], Table]) -> None:
    table = bot(GREETER)
    trace = replay(table, [file_event("stray.pdf", 1024)])
    assert any(t.faults for t in trace.turns)  # the runtime logs the stray file
    assert runtime_faults(trace, table) == []


def test_two_actions_in_one_response_are_reported() -> None:
    trace = Trace((turn(text_event("x"), action("CLOSE_CONVERSATION"), action("CHANGE_TTR")),))
    found = extra_actions(trace)
    assert [v.message for v in found] == ["2 actions: CLOSE_CONVERSATION, CHANGE_TTR"]


def test_one_action_per_response_is_fine() -> None:
    assert (
        extra_actions(Trace((turn(text_event("x"), say("a"), action("CLOSE_CONVERSATION")),))) == []
    )


def test_item_of_an_unknown_type_makes_an_invalid_response() -> None:
    trace = Trace((turn(text_event("x"), {"type": "BOGUS", "data": {}}),))
    assert invalid_responses(trace)


def test_state_that_does_not_round_trip_is_reported() -> None:
    trace = Trace((turn(text_event("x"), say("a"), states=({"noSuchKey": 1},)),))
    found = state_round_trip_failures(trace)
    assert len(found) == 1
    assert "noSuchKey" in found[0].message


def test_turn_that_never_finished_is_unbounded() -> None:
    trace = Trace((turn(text_event("x"), unfinished=True),))
    assert [v.invariant for v in unbounded_turns(trace)] == ["bounded turn"]


def test_turn_over_the_step_limit_is_unbounded() -> None:
    trace = Trace((turn(text_event("x"), say("a"), steps_run=tuple(range(11))),))
    assert unbounded_turns(trace, limit=10)
    assert unbounded_turns(trace, limit=11) == []


def test_consumer_text_with_no_reply_is_a_silent_turn() -> None:
    trace = Trace((turn(text_event("hello")),))
    assert [v.message for v in silent_turns(trace)] == [
        "the consumer wrote 'hello' and got nothing"
    ]


def test_platform_text_with_no_reply_is_not_a_silent_turn() -> None:
    trace = Trace((turn(escalation_failed_event()), turn(text_event("file_upload_success:done"))))
    assert silent_turns(trace) == []


def test_transfer_on_the_last_allowed_failure_breaks_the_escalation_stop() -> None:
    table: Table = {"bot": {"escalation_attempts": 2, "texts": {"escalation_stopped": "Stop."}}}
    trace = Trace(
        (
            turn(
                escalation_failed_event(),
                action("TRANSFER", skillId="1"),
                states=({"escalationFailures": 1},),
            ),
            turn(
                escalation_failed_event(),
                action("TRANSFER", skillId="1"),
                states=({"escalationFailures": 2},),
            ),
        )
    )
    found = escalation_overruns(table, trace)
    assert {v.invariant for v in found} == {"escalation stops"}
    assert found[0].turn == 1


def test_stop_text_on_the_last_allowed_failure_keeps_the_escalation_stop() -> None:
    table: Table = {"bot": {"escalation_attempts": 2, "texts": {"escalation_stopped": "Stop."}}}
    trace = Trace(
        (
            turn(escalation_failed_event(), say("Sorry."), states=({"escalationFailures": 1},)),
            turn(escalation_failed_event(), say("Stop."), states=({},)),
        )
    )
    assert escalation_overruns(table, trace) == []


def test_replay_of_a_real_trace_is_deterministic(bot: Callable[[str], Table]) -> None:
    table = bot(GREETER)
    trace = replay(table, [text_event("what"), text_event("hello")])
    assert nondeterminism(table, trace) == []


def test_trace_that_a_replay_does_not_reproduce_is_nondeterministic(
    bot: Callable[[str], Table],
) -> None:
    table = bot(GREETER)
    real = replay(table, [text_event("what")])
    forged = Trace((turn(text_event("what"), say("Something else"), states=real.turns[0].states),))
    assert [v.invariant for v in nondeterminism(table, forged)] == ["determinism"]


def test_check_invariants_raises_an_assertion_listing_the_violations() -> None:
    trace = Trace((turn(text_event("hello")),))
    with pytest.raises(InvariantViolation) as raised:
        check_invariants({}, trace, skip=("determinism",))
    assert isinstance(raised.value, AssertionError)
    assert "no silent turn (turn 1)" in str(raised.value)


def test_violations_skips_the_invariants_named() -> None:
    trace = Trace((turn(text_event("hello")),))
    assert violations({}, trace, skip=("determinism", "no silent turn")) == []


def test_stop_at_the_first_failure_is_no_loop_when_one_attempt_is_configured() -> None:
    table: Table = {"bot": {"escalation_attempts": 1, "texts": {"escalation_stopped": "Stop."}}}
    trace = Trace((turn(escalation_failed_event(), say("Stop.")),))
    assert escalation_loops(table, trace) == []
    assert escalation_overruns(table, trace) == []


def test_failures_answered_with_transfers_until_the_stop_are_a_loop() -> None:
    table: Table = {"bot": {"escalation_attempts": 3, "texts": {"escalation_stopped": "Stop."}}}
    trace = Trace(
        (
            turn(
                escalation_failed_event(),
                action("TRANSFER", skillId="1"),
                states=({"escalationFailures": 1},),
            ),
            turn(
                escalation_failed_event(),
                action("TRANSFER", skillId="1"),
                states=({"escalationFailures": 2},),
            ),
            turn(escalation_failed_event(), say("Stop.")),
        )
    )
    assert [v.turn for v in escalation_loops(table, trace)] == [2]


def test_one_retry_before_a_two_attempt_stop_is_no_loop() -> None:
    table: Table = {"bot": {"escalation_attempts": 2, "texts": {"escalation_stopped": "Stop."}}}
    trace = Trace(
        (
            turn(
                escalation_failed_event(),
                say("Trying once more."),
                action("TRANSFER", skillId="1"),
                states=({"escalationFailures": 1},),
            ),
            turn(escalation_failed_event(), say("Stop.")),
        )
    )
    assert escalation_loops(table, trace) == []


def test_a_failure_answered_without_a_transfer_breaks_the_loop() -> None:
    table: Table = {"bot": {"escalation_attempts": 3, "texts": {"escalation_stopped": "Stop."}}}
    trace = Trace(
        (
            turn(
                escalation_failed_event(),
                action("TRANSFER", skillId="1"),
                states=({"escalationFailures": 1},),
            ),
            turn(escalation_failed_event(), say("Sorry."), states=({"escalationFailures": 2},)),
            turn(escalation_failed_event(), say("Stop.")),
        )
    )
    assert escalation_loops(table, trace) == []


def test_a_handled_failure_followed_by_a_failing_step_is_not_an_unhandled_failure(
    bot: Any,
) -> None:
    # one `default response` is both the error text and the integration-failure text
    table = bot(
        """
        bot "Bank"
            default response "Sorry, something went wrong."
        integration Profile
            api GET "http://127.0.0.1:8080/profile"
            store email = response.body.email
        dialog statement
            user says "statement"
            call Profile
                on failure -> send
            send: say "Sent to {{ Profile.email }}."
        """
    )
    trace = replay(table, [text_event("statement")], {"Profile": [fails()]})
    assert unhandled_integration_failures(table, trace) == []
    assert [v.invariant for v in runtime_faults(trace, table)] == ["no runtime fault"]
