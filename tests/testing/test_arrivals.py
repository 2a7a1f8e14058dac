"""Which events can arrive where: the rule that keeps exploration free of false alarms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from botc.runtime.testing import (
    explore,
    file_event,
    replay,
    rich_content_event,
    signal_event,
    start_event,
    text_event,
)
from botc.runtime.testing.arrivals import Arrivals, arrivals_after, possible

FAILED = text_event("__agent_escalation_failed__")
FORM = text_event("FORM-SUBMISSION-INTENT")


def test_a_fresh_conversation_takes_start_texts_rich_content_and_signals() -> None:
    fresh = Arrivals()
    for event in (start_event(), start_event("hi"), text_event("hi"), signal_event("x")):
        assert fresh.allows(event)
    assert fresh.allows(rich_content_event({"type": "vertical", "elements": []}))


@pytest.mark.parametrize(
    "event", [file_event("id.pdf"), FAILED, FORM, text_event("__something_else__")]
)
def test_a_fresh_conversation_takes_no_event_nothing_asked_for(event: dict[str, Any]) -> None:
    assert not Arrivals().allows(event)


@pytest.mark.parametrize("text", ["file_upload_success:done", "file_upload_failed: lost"])
def test_an_upload_outcome_never_arrives_as_a_text(text: str) -> None:
    anywhere = Arrivals(opening=False, upload_waits=True, transfer_sent=True, form_open=True)
    assert not anywhere.allows(text_event(text))


def test_start_opens_a_conversation_only(fixtures: Path, compiled: Any) -> None:
    table = compiled(fixtures / "help_desk.bot")
    trace = replay(table, [text_event("hello")])
    assert not arrivals_after(trace.turns).allows(start_event())
    closed = replay(table, [text_event("bye")])
    assert arrivals_after(closed.turns).allows(start_event())


def test_a_file_arrives_while_an_upload_waits(fixtures: Path, compiled: Any) -> None:
    table = compiled(fixtures / "help_desk.bot")
    asked = replay(table, [text_event("send a file")])
    assert arrivals_after(asked.turns).allows(file_event("id.pdf"))
    done = replay(table, [text_event("send a file"), file_event("id.pdf")])
    assert not arrivals_after(done.turns).allows(file_event("id.pdf"))


def test_an_escalation_failure_arrives_right_after_a_transfer(
    fixtures: Path, compiled: Any
) -> None:
    table = compiled(fixtures / "help_desk.bot")
    events = [text_event("agent"), FAILED, FAILED]
    trace = replay(table, events)
    assert possible(events[:2], trace.turns)
    # the bot answered the failure without a new transfer: no second failure can come
    assert not possible(events, trace.turns)


def test_a_form_submission_arrives_after_a_secure_form(bot: Any) -> None:
    table = bot(
        """
        dialog pay
            user says "pay"
            secure form 4510014332 "Card payment"
        dialog submitted
            user says "FORM-SUBMISSION-INTENT"
            say "Got it."
        """
    )
    events = [text_event("pay"), text_event("hello"), FORM, FORM]
    trace = replay(table, events)
    assert possible(events[:3], trace.turns)
    assert not possible(events, trace.turns)  # submitted once


def test_exploring_a_bug_free_bot_with_uploads_finds_nothing(
    fixtures: Path, compiled: Any
) -> None:
    # an upload outcome sent before any upload would reach a dialog that reads a field
    # only an upload's dialog sets: a fault no real conversation can meet
    result = explore(compiled(fixtures / "upload_receipts.bot"), examples=150, seed=3)
    assert [str(f.violation) for f in result.findings] == []
