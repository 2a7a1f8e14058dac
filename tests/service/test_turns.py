"""The turn runner on a real SQLite store, with a scripted engine and performer.

The engine counts turns and turns texts into effects (`call` → an http effect, `upload`
→ an upload effect), so these tests pin the service's own rules — exactly-once replies,
effects performed once, slow uploads delivered with the next reply — apart from the
interpreter.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from botc.runtime.server.engine import StepResult, incoming_event
from botc.runtime.server.turns import ConversationNotFound, TurnRunner
from botc.runtime.server.uploads import UploadRunner
from botc.runtime.stores import ConversationStore, open_store
from botc.runtime.wire.events import Event, EventError, effect_result_event

JsonDict = dict[str, Any]


def text(message: str) -> JsonDict:
    return {"type": "TEXT", "data": {"message": message}}


class CountingEngine:
    """Says `turn N: TEXT` for texts; `call`/`upload` emit effects; results say `done ID`."""

    def step(self, state: JsonDict | None, event: Event) -> StepResult:
        count = (state or {}).get("turns", 0) + 1
        new_state = {"turns": count}
        if event.type == "EFFECT_RESULT":
            said = f"done {event.data['id']} {event.data.get('status', event.data.get('error'))}"
            return StepResult(new_state, items=(say(said),))
        message = event.message
        effects: tuple[JsonDict, ...] = ()
        if message in ("call", "upload"):
            kind = "http" if message == "call" else "upload"
            effects = ({"effect": kind, "id": f"e{count}", "timeout_ms": 1000},)
        if message == "two actions":
            close = {"type": "ACTION", "data": {"name": "CLOSE_CONVERSATION", "parameters": {}}}
            return StepResult(new_state, items=(say("a"), close, say("b"), close))
        intents = ({"id": "counting", "description": "", "confidenceScore": 1},)
        return StepResult(
            new_state, items=(say(f"turn {count}: {message}"),), effects=effects, intents=intents
        )

    def respond(self, items: tuple[JsonDict, ...], intents: tuple[JsonDict, ...]) -> JsonDict:
        return {"response": list(items), "analytics": {"intents": list(intents)}}


def say(message: str) -> JsonDict:
    return {"type": "TEXT", "data": {"message": message}}


class RecordingPerformer:
    """Answers 200 and counts calls; uploads take `upload_seconds`."""

    def __init__(self, upload_seconds: float = 0.0) -> None:
        self.upload_seconds = upload_seconds
        self.performed: list[str] = []
        self._lock = threading.Lock()

    def perform(self, effect: JsonDict) -> JsonDict:
        with self._lock:
            self.performed.append(effect["id"])
        if effect["effect"] == "upload":
            time.sleep(self.upload_seconds)
        return {"id": effect["id"], "status": 200, "headers": {}, "body": None}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    opened = open_store(f"sqlite:///{tmp_path}/turns.db")
    yield opened
    opened.close()


def runner(
    store: ConversationStore, performer: RecordingPerformer, upload_wait: float = 1.0
) -> TurnRunner:
    return TurnRunner(
        CountingEngine(),
        store,
        performer,
        UploadRunner(performer),
        owner="test-owner",
        upload_wait_seconds=upload_wait,
    )


def messages(reply: JsonDict) -> list[str]:
    return [item["data"]["message"] for item in reply["response"] if item["type"] == "TEXT"]


def test_turns_advance_the_stored_state(store: ConversationStore) -> None:
    turns = runner(store, RecordingPerformer())
    turns.create("c", {}, {})
    turns.answer("c", incoming_event(text("hi")), None)
    reply = turns.answer("c", incoming_event(text("again")), None).reply
    assert messages(reply) == ["turn 2: again"]


def test_event_for_unknown_conversation_is_not_found(store: ConversationStore) -> None:
    with pytest.raises(ConversationNotFound):
        runner(store, RecordingPerformer()).answer("nobody", incoming_event(text("hi")), None)


def test_retried_sequence_returns_the_stored_reply_without_a_second_turn(
    store: ConversationStore,
) -> None:
    turns = runner(store, RecordingPerformer())
    turns.create("c", {}, {})
    first = turns.answer("c", incoming_event(text("hi")), 7).reply
    again = turns.answer("c", incoming_event(text("hi")), 7).reply
    record = store.load("c")
    assert again == first and record is not None and record.state == {"turns": 1}


def test_synchronous_effect_is_answered_in_the_same_reply_and_performed_once(
    store: ConversationStore,
) -> None:
    performer = RecordingPerformer()
    turns = runner(store, performer)
    turns.create("c", {}, {})
    reply = turns.answer("c", incoming_event(text("call")), 1).reply
    assert messages(reply) == ["turn 1: call", "done e1 200"]
    assert performer.performed == ["e1"]


def test_slow_upload_goes_out_with_the_next_reply(store: ConversationStore) -> None:
    performer = RecordingPerformer(upload_seconds=0.3)
    turns = runner(store, performer, upload_wait=0.05)
    turns.create("c", {}, {})
    first = turns.answer("c", incoming_event(text("upload")), 1).reply
    assert messages(first) == ["turn 1: upload"]
    deadline = time.monotonic() + 5
    while (record := store.load("c")) is not None and not record.outbox:
        assert time.monotonic() < deadline, "the upload's outcome never reached the outbox"
        time.sleep(0.02)
    second = turns.answer("c", incoming_event(text("next")), 2).reply
    assert messages(second) == ["done e1 200", "turn 3: next"]
    record = store.load("c")
    assert record is not None and record.outbox == () and record.pending == ()


def test_quick_upload_is_answered_in_the_same_reply(store: ConversationStore) -> None:
    turns = runner(store, RecordingPerformer(upload_seconds=0.0), upload_wait=2.0)
    turns.create("c", {}, {})
    assert messages(turns.answer("c", incoming_event(text("upload")), None).reply) == [
        "turn 1: upload",
        "done e1 200",
    ]


def test_second_action_is_held_for_the_next_reply(store: ConversationStore) -> None:
    turns = runner(store, RecordingPerformer())
    turns.create("c", {}, {})
    first = turns.answer("c", incoming_event(text("two actions")), None).reply
    second = turns.answer("c", incoming_event(text("next")), None).reply
    assert [item["type"] for item in first["response"]] == ["TEXT", "ACTION", "TEXT"]
    assert [item["type"] for item in second["response"]] == ["ACTION", "TEXT"]


def test_concurrent_events_each_take_one_turn_and_effects_run_once(
    store: ConversationStore,
) -> None:
    performer = RecordingPerformer()
    turns = runner(store, performer)
    turns.create("c", {}, {})
    replies: list[JsonDict] = []

    def send(number: int) -> None:
        replies.append(turns.answer("c", incoming_event(text("call")), None).reply)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    record = store.load("c")
    # each event: one turn for the text and one for its effect result
    assert record is not None and record.state == {"turns": 16}
    assert len(performer.performed) == len(set(performer.performed)) == 8


def test_stored_context_is_merged_under_the_event_context(store: ConversationStore) -> None:
    seen: list[JsonDict] = []

    class ContextEngine(CountingEngine):
        def step(self, state: JsonDict | None, event: Event) -> StepResult:
            seen.append(event.context)
            return super().step(state, event)

    turns = TurnRunner(
        ContextEngine(),
        store,
        RecordingPerformer(),
        UploadRunner(RecordingPerformer()),
        owner="o",
        upload_wait_seconds=0,
    )
    turns.create("c", {"ctmrinfo": {"customerId": "42"}}, {"skillId": 7})
    event = incoming_event({**text("hi"), "context": {"lpEvent": {"sequence": 1}}})
    turns.answer("c", event, 1)
    assert seen[0] == {
        "sdes": {"ctmrinfo": {"customerId": "42"}},
        "skillId": 7,
        "lpEvent": {"sequence": 1},
    }


def test_effect_results_cannot_be_posted_from_outside() -> None:
    with pytest.raises(EventError, match="unsupported event type 'EFFECT_RESULT'"):
        incoming_event({"type": "EFFECT_RESULT", "data": {"id": "e1", "status": 200}})
    assert effect_result_event({"id": "e1", "status": 200}).type == "EFFECT_RESULT"


def orphan_upload(store: ConversationStore, claim: JsonDict | None) -> None:
    """A conversation whose only pending upload belongs to a process that is gone."""
    from botc.runtime.stores import ConversationRecord

    effect = {"effect": "upload", "id": "e9", "timeout_ms": 1000}
    gone = {"owner": "elsewhere.example:1:x", "until": 0.0, "effect": effect}
    store.create(
        "c", ConversationRecord(version=1, sdes={}, context={}, pending=(gone,), claim=claim)
    )


def test_orphaned_upload_is_restarted_and_its_outcome_reaches_the_outbox(
    store: ConversationStore,
) -> None:
    performer = RecordingPerformer()
    orphan_upload(store, claim=None)
    assert runner(store, performer).recover_uploads() == 1
    deadline = time.monotonic() + 5
    while (record := store.load("c")) is not None and not record.outbox:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert performer.performed == ["e9"] and record is not None and record.pending == ()


def test_orphaned_upload_waits_while_a_turn_holds_the_conversation(
    store: ConversationStore,
) -> None:
    import os
    import socket

    live_claim = {"owner": f"{socket.gethostname()}:{os.getpid()}:t:1", "until": time.time() + 60}
    orphan_upload(store, claim=live_claim)
    performer = RecordingPerformer()
    assert runner(store, performer).recover_uploads() == 0
    assert performer.performed == []


def test_a_turn_whose_record_would_pass_the_cap_is_refused_and_releases_its_claim(
    tmp_path: Path,
) -> None:
    from botc.runtime.server.turns import TurnRefused
    from botc.runtime.stores import StoreLimits

    class GrowingEngine(CountingEngine):
        def step(self, state: JsonDict | None, event: Event) -> StepResult:
            result = super().step(state, event)
            if event.type == "EFFECT_RESULT":
                return StepResult({**result.state, "blob": "x" * 5000}, items=result.items)
            return result

    capped = open_store(f"sqlite:///{tmp_path}/capped.db", StoreLimits(max_record_bytes=2048))
    turns = TurnRunner(
        GrowingEngine(),
        capped,
        RecordingPerformer(),
        UploadRunner(RecordingPerformer()),
        owner="o",
        upload_wait_seconds=0,
    )
    turns.create("c", {}, {})
    with pytest.raises(TurnRefused, match="over the limit of 2048; the event was not applied"):
        turns.answer("c", incoming_event(text("call")), 1)
    record = capped.load("c")
    capped.close()
    assert record is not None and record.claim is None and record.state is None
