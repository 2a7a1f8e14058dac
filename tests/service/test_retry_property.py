"""Property: however a connector repeats events, each sequence number runs one turn.

Runs the real interpreter on the test bot through the turn runner and a real SQLite
store; Hypothesis picks which events are posted again, and when.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.build import load_bot
from runtime.server.engine import InterpreterEngine, incoming_event
from runtime.server.turns import TurnRunner
from runtime.server.uploads import UploadRunner
from runtime.stores import open_store
from service.conftest import SERVICE_BOT

TABLE = load_bot(SERVICE_BOT).table
assert TABLE is not None
ENGINE = InterpreterEngine(TABLE)


class NoEffects:
    def perform(self, effect: dict[str, object]) -> dict[str, object]:
        raise AssertionError("the counting dialog performs no effects")


@settings(max_examples=25)
@given(
    # each entry is a sequence number to post; numbers repeat to model retries
    posts=st.lists(st.integers(min_value=1, max_value=8), min_size=1, max_size=20),
)
def test_each_sequence_runs_one_turn_and_retries_get_its_reply(posts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first_reply = post_all(Path(folder) / "c.db", posts)
    counts = sorted(
        int(str(reply["response"][0]["data"]["message"]).removeprefix("Count is ").rstrip("."))
        for reply in first_reply.values()
    )
    assert counts == list(range(1, len(first_reply) + 1))


def post_all(database: Path, posts: list[int]) -> dict[int, dict[str, Any]]:
    """Post `count` once per entry of `posts`; the first reply to each sequence number."""
    store = open_store(f"sqlite:///{database}")
    turns = TurnRunner(
        ENGINE, store, NoEffects(), UploadRunner(NoEffects()), owner="o", upload_wait_seconds=0
    )
    turns.create("c", {}, {})
    first_reply: dict[int, dict[str, Any]] = {}
    event = incoming_event({"type": "TEXT", "data": {"message": "count"}})
    for sequence in posts:
        reply = turns.answer("c", event, str(sequence))
        first_reply.setdefault(sequence, reply)
        assert reply == first_reply[sequence]
    store.close()
    return first_reply
