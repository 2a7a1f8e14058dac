"""Writing conversations back as `test` lines."""

from __future__ import annotations

from runtime.testing import fails, file_event, returns, rich_content_event, signal_event
from runtime.testing.pasteable import event_line, outcome_line, size_text
from runtime.testing.scripted import start_event, text_event


def test_sizes_are_written_in_kb_or_mb() -> None:
    assert size_text(120 * 1024) == "120kb"
    assert size_text(5 * 1024 * 1024) == "5mb"
    assert size_text(5 * 1024 * 1024 + 1024) == "5121kb"


def test_texts_are_quoted_with_the_languages_escapes() -> None:
    assert event_line(text_event('say "hi"\n\tnow')) == 'user "say \\"hi\\"\\n\\tnow"'


def test_start_is_written_with_its_last_message_when_it_has_one() -> None:
    assert event_line(start_event()) == "start"
    assert event_line(start_event("balance")) == 'start "balance"'


def test_files_rich_content_and_signals_are_written_as_their_lines() -> None:
    assert event_line(file_event("id.pdf", 2048)) == 'upload "id.pdf" size 2kb'
    assert event_line(file_event("id.pdf")) == 'upload "id.pdf"'
    assert event_line(rich_content_event({"type": "map", "la": 1.5})) == (
        'rich content {"type": "map", "la": 1.5}'
    )
    assert event_line(signal_event("typing")) == 'signal "typing"'


def test_outcomes_are_written_as_returns_and_fails_lines() -> None:
    assert outcome_line("Balance", returns(200, {"a": 1})) == 'Balance returns {"a": 1}'
    assert outcome_line("Balance", returns(404)) == "Balance returns status 404"
    assert outcome_line("Balance", fails()) == "Balance fails"
