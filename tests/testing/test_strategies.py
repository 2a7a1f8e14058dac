"""The Hypothesis strategies reach into a bot: its patterns, conditions, files, outcomes."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from botc.runtime.matching.matcher import TriggerIndex
from botc.runtime.normalize import normalize
from botc.runtime.testing import Conversation, conversations, events, replay_conversation
from botc.runtime.testing.arrivals import possible
from botc.runtime.testing.strategies import pattern_text
from botc.runtime.testing.vocabulary import body_path, vocabulary
from botc.runtime.wire.events import Event, parse_event

Compile = Callable[[Path | str], dict[str, Any]]
FEW = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def first(strategy: st.SearchStrategy[Any], condition: Callable[[Any], bool]) -> Any:
    """A generated value that meets `condition`, searched for with a fixed seed."""
    return find(
        strategy,
        condition,
        settings=settings(
            max_examples=1000,  # stops at the first found: a high cap costs nothing
            database=None,
            phases=[Phase.generate],  # the first found will do: no shrinking
            suppress_health_check=list(HealthCheck),
        ),
        random=random.Random(0),
    )


@pytest.fixture
def help_desk(fixtures: Path, compiled: Compile) -> dict[str, Any]:
    return compiled(fixtures / "help_desk.bot")


def matches_its_pattern(pattern: dict[str, Any]) -> Callable[[], None]:
    """A property: every text built from `pattern` is matched by it."""
    index = TriggerIndex.build([pattern])

    @FEW
    @given(pattern_text(pattern["pattern"]))
    def matches(text: str) -> None:
        assert index.route(normalize(text)) is not None, (pattern["source"], text)

    return matches


def test_texts_built_from_each_pattern_match_that_pattern(help_desk: dict[str, Any]) -> None:
    patterns = [p for p in help_desk["triggers"]["patterns"] if p["pattern"] is not None]
    assert len(patterns) > 5
    for pattern in patterns:
        matches_its_pattern(pattern)()


def test_every_generated_event_is_one_the_runtime_accepts(help_desk: dict[str, Any]) -> None:
    @FEW
    @given(events(help_desk))
    def accepted(event: Event) -> None:
        parse_event(event.to_json())

    accepted()


def test_conversation_answers_an_ask_with_what_its_regex_wants(help_desk: dict[str, Any]) -> None:
    def reaches_the_order_call(conversation: Conversation) -> bool:
        trace = replay_conversation(help_desk, conversation)
        return any(c.integration == "Order" for t in trace.turns for c in t.calls)

    found = first(conversations(help_desk), reaches_the_order_call)
    answers = [e.data["message"] for e in found.events if e.type == "TEXT"]
    assert any(len(a) == 6 and a[:2].isalpha() and a[2:].isdigit() for a in answers)


def test_stored_values_include_the_literals_conditions_compare_with(
    help_desk: dict[str, Any],
) -> None:
    def shipped(conversation: Conversation) -> bool:
        trace = replay_conversation(help_desk, conversation)
        return any("Shipped!" in str(t.items) for t in trace.turns)

    assert first(conversations(help_desk), shipped) is not None


def test_files_of_rejected_types_and_oversized_files_are_generated(
    help_desk: dict[str, Any],
) -> None:
    files = events(help_desk).filter(lambda e: e.type == "hosted-file")
    rejected = first(files, lambda e: e.data["fileType"] not in ("PDF", "JPEG", "JPG"))
    assert rejected.data["fileType"]
    oversized = first(files, lambda e: (e.data.get("size") or 0) > 5 * 1024 * 1024)
    assert oversized.data["size"] % 1024 == 0


def test_start_comes_with_and_without_last_consumer_message(help_desk: dict[str, Any]) -> None:
    starts = events(help_desk).filter(lambda e: e.type == "START")
    with_message = first(starts, lambda e: "lastConsumerMessage" in e.context["lpEvent"])
    assert with_message.context["lpEvent"]["lastConsumerMessage"]
    assert first(starts, lambda e: not e.context["lpEvent"]) is not None


def test_outcomes_include_timeouts_and_errors(help_desk: dict[str, Any]) -> None:
    orders = conversations(help_desk).map(lambda c: c.outcomes["Order"])
    assert first(orders, lambda o: any(x.error == "timeout" for x in o))
    assert first(orders, lambda o: any(x.status == 503 for x in o))


def test_a_successful_outcome_always_has_the_shape_the_bot_reads(
    help_desk: dict[str, Any],
) -> None:
    @FEW
    @given(conversations(help_desk))
    def honoured(conversation: Conversation) -> None:
        for outcome in conversation.outcomes["Order"]:
            if outcome.ok:
                assert set(outcome.body["order"]) == {"state", "eta"}

    honoured()


def test_every_generated_conversation_could_really_happen(
    help_desk: dict[str, Any], fixtures: Path, compiled: Compile
) -> None:
    def real_conversations(table: dict[str, Any]) -> Callable[[], None]:
        @FEW
        @given(conversations(table))
        def real(conversation: Conversation) -> None:
            trace = replay_conversation(table, conversation)
            assert possible(conversation.events, trace.turns), conversation.events

        return real

    for table in (help_desk, compiled(fixtures / "upload_receipts.bot")):
        real_conversations(table)()


def test_a_file_is_sent_while_an_upload_waits_for_it(help_desk: dict[str, Any]) -> None:
    def uploads(conversation: Conversation) -> bool:
        return any(e.type == "hosted-file" for e in conversation.events)

    found = first(conversations(help_desk), uploads)
    trace = replay_conversation(help_desk, found)
    index = next(i for i, e in enumerate(found.events) if e.type == "hosted-file")
    assert trace.turns[index - 1].states[-1]["wait"]["kind"] == "upload"


def test_escalation_failures_come_in_runs_where_each_follows_a_transfer(
    fixtures: Path, compiled: Compile
) -> None:
    def run_of_failures(conversation: Conversation) -> bool:
        texts = [e.data.get("message") for e in conversation.events]
        return texts.count("__agent_escalation_failed__") >= 3

    # the loop bot answers each failure with a transfer, so another failure can follow
    assert first(conversations(compiled(fixtures / "escalation_loop.bot")), run_of_failures)
    silent = compiled(fixtures / "silent_turn.bot")
    assert vocabulary(silent).escalates is False


def test_vocabulary_reads_condition_literals_and_regexes(help_desk: dict[str, Any]) -> None:
    vocab = vocabulary(help_desk)
    assert "cancel" in vocab.literals
    assert "shipped" in vocab.literals
    assert "^[A-Z]{2}[0-9]{4}$" in vocab.regexes
    assert [u.accept for u in vocab.uploads] == [("pdf", "jpeg")]


def test_body_path_reads_names_indexes_and_keys() -> None:
    assert body_path("response.body.data.balance") == ("data", "balance")
    assert body_path('response.body["items"][0].name | upper') == ("items", 0, "name")
    assert body_path("response.status") is None
