"""The service's turns run through the shared turn loop (`runtime.turn_loop.run_turn`):
its step cap and its crash rule hold for a served turn too, and neither leaves the
conversation claimed or changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from botc.runtime.defaults import MAX_STEP_CALLS_PER_TURN
from botc.runtime.drivers.session import TurnError
from botc.runtime.server.engine import StepResult, incoming_event
from botc.runtime.server.turns import TurnRunner
from botc.runtime.server.uploads import UploadRunner
from botc.runtime.stores import ConversationStore, open_store
from botc.runtime.wire.events import Event
from service.test_turns import CountingEngine, RecordingPerformer, text

JsonDict = dict[str, Any]


class LoopingEngine(CountingEngine):
    """Every effect result asks for another call: a bot calling an integration in a loop."""

    def step(self, state: JsonDict | None, event: Event) -> StepResult:
        result = super().step(state, event)
        if event.type == "EFFECT_RESULT":
            count = result.state["turns"]
            effect = {"effect": "http", "id": f"e{count}", "timeout_ms": 1000}
            return StepResult(result.state, items=result.items, effects=(effect,))
        return result


class CrashingEngine(CountingEngine):
    """Raises on an effect's result, after the first step claimed the conversation."""

    def step(self, state: JsonDict | None, event: Event) -> StepResult:
        if event.type == "EFFECT_RESULT":
            raise ValueError("engine bug")
        return super().step(state, event)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    opened = open_store(f"sqlite:///{tmp_path}/loop.db")
    yield opened
    opened.close()


def runner(
    engine: CountingEngine, store: ConversationStore, performer: RecordingPerformer
) -> TurnRunner:
    return TurnRunner(
        engine, store, performer, UploadRunner(performer), owner="o", upload_wait_seconds=0
    )


def test_a_served_turn_stops_at_the_step_cap_and_leaves_the_conversation_as_it_was(
    store: ConversationStore,
) -> None:
    performer = RecordingPerformer()
    turns = runner(LoopingEngine(), store, performer)
    turns.create("c", {}, {})
    with pytest.raises(TurnError, match=f"did not end after {MAX_STEP_CALLS_PER_TURN} steps"):
        turns.answer("c", incoming_event(text("call")), 1)
    record = store.load("c")
    assert record is not None and record.state is None and record.claim is None
    assert record.applied is None
    assert len(performer.performed) == MAX_STEP_CALLS_PER_TURN - 1


def test_an_engine_crash_in_a_served_turn_propagates_and_gives_the_claim_back(
    store: ConversationStore,
) -> None:
    turns = runner(CrashingEngine(), store, RecordingPerformer())
    turns.create("c", {}, {})
    with pytest.raises(ValueError, match="engine bug"):
        turns.answer("c", incoming_event(text("call")), 1)
    record = store.load("c")
    assert record is not None and record.state is None and record.claim is None
