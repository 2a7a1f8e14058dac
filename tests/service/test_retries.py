"""Exactly once for every retry: the high-water mark, the kept replies, the sequence's type.

Runs the turn runner on real SQLite and Redis stores with a counting engine (each turn
says its number), so a second run of any event would show in the count.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from botc.runtime.server.engine import incoming_event
from botc.runtime.server.turns import REPLAYED, SUPERSEDED, Answer, TurnRunner
from botc.runtime.server.uploads import UploadRunner
from botc.runtime.stores import ConversationStore, open_store
from botc.runtime.stores.record import REPLIES_KEPT
from service.api import CONVERSATIONS, create, post, says, text
from service.processes import BotServer, RedisServer
from service.test_turns import CountingEngine, RecordingPerformer, messages

HI = incoming_event({"type": "TEXT", "data": {"message": "hi"}})


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ConversationStore]:
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path}/retries.db")
    else:
        server: RedisServer = request.getfixturevalue("redis_server")
        opened = open_store(server.url)
    yield opened
    opened.close()


@pytest.fixture
def turns(store: ConversationStore) -> TurnRunner:
    runner = TurnRunner(
        CountingEngine(),
        store,
        RecordingPerformer(),
        UploadRunner(RecordingPerformer()),
        owner="o",
        upload_wait_seconds=0,
    )
    runner.create("c", {}, {})
    return runner


def turns_run(store: ConversationStore) -> int:
    record = store.load("c")
    assert record is not None and record.state is not None
    return int(record.state["turns"])


def test_replaying_every_sequence_ever_sent_runs_no_second_turn(
    turns: TurnRunner, store: ConversationStore
) -> None:
    sent = 2 * REPLIES_KEPT
    first = [turns.answer("c", HI, sequence) for sequence in range(1, sent + 1)]
    replayed = [turns.answer("c", HI, sequence) for sequence in range(1, sent + 1)]
    assert turns_run(store) == sent
    kept = range(sent - REPLIES_KEPT, sent)
    assert all(replayed[n] == Answer(first[n].reply, REPLAYED) for n in kept)
    assert all(replayed[n].retry == SUPERSEDED for n in range(sent - REPLIES_KEPT))


def test_an_older_sequence_after_a_newer_one_runs_no_turn(
    turns: TurnRunner, store: ConversationStore
) -> None:
    assert turns.answer("c", HI, 3000).retry is None
    late = turns.answer("c", HI, 2999)
    assert late == Answer({"response": [], "analytics": {"intents": []}}, SUPERSEDED)
    assert turns_run(store) == 1


def test_a_first_answer_is_no_retry_and_its_replay_is_the_same_reply(turns: TurnRunner) -> None:
    first = turns.answer("c", HI, 7)
    assert first.retry is None and messages(first.reply) == ["turn 1: hi"]
    assert turns.answer("c", HI, 7) == Answer(first.reply, REPLAYED)


def test_events_without_a_sequence_always_run(turns: TurnRunner, store: ConversationStore) -> None:
    turns.answer("c", HI, 5)
    assert turns.answer("c", HI, None).retry is None
    assert turns.answer("c", HI, None).retry is None
    assert turns_run(store) == 3


def test_concurrent_sequences_each_run_at_most_once(
    turns: TurnRunner, store: ConversationStore
) -> None:
    answers: list[Answer] = []
    lock = threading.Lock()

    def send(sequence: int) -> None:
        for _ in range(3):  # each event is retried twice, at once with the others
            answer = turns.answer("c", HI, sequence)
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ran = [answer for answer in answers if answer.retry is None]
    assert turns_run(store) == len(ran) >= 1
    assert len({tuple(messages(answer.reply)) for answer in ran}) == len(ran)


def test_a_string_sequence_is_refused_with_400(served: BotServer, conversation: str) -> None:
    with served.client() as client:
        create(client, conversation)
        body = {**text("count"), "context": {"lpEvent": {"sequence": "3000"}}}
        reply = client.post(f"{CONVERSATIONS}/{conversation}/events", json=body)
        assert reply.status_code == 400
        assert reply.json()["error"] == (
            "`context.lpEvent.sequence` must be a whole number, not the string '3000'"
        )
        assert says(post(client, conversation, text("count"), sequence=3000)) == ["Count is 1."]


def test_the_retry_header_says_which_case_it_was(served: BotServer, conversation: str) -> None:
    with served.client() as client:
        create(client, conversation)
        first = post(client, conversation, text("count"), sequence=10)
        again = post(client, conversation, text("count"), sequence=10)
        older = post(client, conversation, text("count"), sequence=9)
    assert "botc-retry" not in first.headers
    assert again.headers["botc-retry"] == "replayed" and again.json() == first.json()
    assert older.headers["botc-retry"] == "superseded" and older.json()["response"] == []
