"""Property: however a connector repeats events, no sequence number runs a second turn.

Runs the real interpreter on the test bot through the turn runner and a real SQLite
store; Hypothesis picks which events are posted again, and when.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from botc.compiler.build import load_bot
from botc.runtime.server.engine import InterpreterEngine, incoming_event
from botc.runtime.server.turns import REPLAYED, SUPERSEDED, Answer, TurnRunner
from botc.runtime.server.uploads import UploadRunner
from botc.runtime.stores import open_store
from service.conftest import SERVICE_BOT

TABLE = load_bot(SERVICE_BOT).table
assert TABLE is not None
ENGINE = InterpreterEngine(TABLE)


class NoEffects:
    def perform(self, effect: dict[str, object]) -> dict[str, object]:
        raise AssertionError("the counting dialog performs no effects")


@settings(max_examples=25)
@given(
    # each entry is a sequence number to post; numbers repeat and go back to model retries
    posts=st.lists(st.integers(min_value=1, max_value=8), min_size=1, max_size=20),
)
def test_each_sequence_runs_at_most_one_turn_and_retries_get_its_reply(posts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        answers = post_all(Path(folder) / "c.db", posts)
    mark, turns, kept = 0, 0, {}
    for sequence, answer in zip(posts, answers, strict=True):
        if sequence > mark:  # above the high-water mark: the turn runs
            mark, turns = sequence, turns + 1
            kept[sequence] = answer.reply
            assert answer.retry is None
            assert answer.reply["response"][0]["data"]["message"] == f"Count is {turns}."
        elif sequence in kept:
            assert answer.retry == REPLAYED and answer.reply == kept[sequence]
        else:  # never ran: a newer event was applied first
            assert answer.retry == SUPERSEDED and answer.reply["response"] == []


def post_all(database: Path, posts: list[int]) -> list[Answer]:
    """Post `count` once per entry of `posts`; the answers in order."""
    store = open_store(f"sqlite:///{database}")
    turns = TurnRunner(
        ENGINE, store, NoEffects(), UploadRunner(NoEffects()), owner="o", upload_wait_seconds=0
    )
    turns.create("c", {}, {})
    event = incoming_event({"type": "TEXT", "data": {"message": "count"}})
    answers = [turns.answer("c", event, sequence) for sequence in posts]
    store.close()
    return answers
