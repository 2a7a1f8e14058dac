"""Writing conversations back as `test` lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from botc.runtime.testing import (
    Conversation,
    as_test_block,
    conversations,
    fails,
    file_event,
    replay_conversation,
    returns,
    rich_content_event,
    run_tests,
    signal_event,
)
from botc.runtime.testing.pasteable import event_line, outcome_line, size_text
from botc.runtime.testing.scripted import start_event, text_event


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
    assert outcome_line("Balance", returns({"a": 1})) == 'Balance returns {"a": 1}'
    assert outcome_line("Balance", returns(status=404)) == "Balance returns status 404"
    assert outcome_line("Balance", fails()) == "Balance fails"


def test_any_conversation_written_as_a_block_compiles_passes_and_replays_the_same(
    fixtures: Path, compiled: Callable[[Path | str], dict[str, Any]], tmp_path: Path
) -> None:
    source = (fixtures / "help_desk.bot").read_text(encoding="utf-8")
    table = compiled(fixtures / "help_desk.bot")

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(conversations(table, max_turns=5))
    def round_trips(conversation: Conversation) -> None:
        trace = replay_conversation(table, conversation)
        block = as_test_block(table, trace, name="written back")
        path = tmp_path / "written.bot"
        path.write_text(source + "\n" + block, encoding="utf-8")
        result = next(r for r in run_tests(compiled(path)) if r.name == "written back")
        assert result.passed, (block, result.failure)
        assert result.trace.outputs() == trace.outputs()

    round_trips()


def test_returns_takes_the_body_first() -> None:
    outcome = returns({"operational": True})
    assert (outcome.status, outcome.body) == (200, {"operational": True})


def test_returns_refuses_a_status_that_is_not_a_whole_number() -> None:
    with pytest.raises(TypeError, match="status must be a whole number"):
        returns(status={"operational": True})  # type: ignore[arg-type]
