"""`step` over generated conversations with every fixture bot in tests/bots: it never
raises, every response validates against LivePerson's schemas, the state survives JSON,
and a turn never carries two actions."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from core_chat import Chat
from hypothesis import given, settings
from hypothesis import strategies as st

from botc import compiler
from botc.runtime.interpreter import Output, merge_outputs
from botc.runtime.loading import Table, load_table
from botc.runtime.testing.strategies import events

BOTS = sorted((Path(__file__).parent.parent / "bots").glob("*/*.bot"))
OUTCOMES = [
    {"status": 200, "body": {}},
    {"status": 200, "body": {"data": {"balance": 1, "currency": "EUR"}}},
    {"status": 404, "body": "not found"},
    {"error": "timeout"},
]


@functools.cache
def _table(path: Path) -> Table | None:
    result = compiler.compile_file(path)
    return None if result.table is None else load_table(result.table)


def _runnable() -> list[Path]:
    return [path for path in BOTS if _table(path) is not None]


def test_there_are_fixture_bots_to_run() -> None:
    assert _runnable(), f"no compiling .bot files under {Path(__file__).parent.parent / 'bots'}"


@pytest.mark.parametrize("path", _runnable(), ids=lambda p: f"{p.parent.name}/{p.name}")
@settings(max_examples=20)
@given(data=st.data())
def test_generated_conversation_runs_cleanly(path: Path, data: st.DataObject) -> None:
    table = _table(path)
    assert table is not None
    chat = Chat(table)  # checks the vendor schemas and the state round trip at every step
    turn: list[Output] = []
    for _ in range(data.draw(st.integers(1, 10), label="turns")):
        pending = [u.effect for u in chat.state.pending_uploads]
        if chat.state.wait is not None and chat.state.wait.effect is not None:
            pending.append(chat.state.wait.effect)
        event: dict[str, Any]
        if pending and data.draw(st.booleans(), label="answer an effect"):
            outcome = data.draw(st.sampled_from(OUTCOMES), label="outcome")
            effect_id = data.draw(st.sampled_from(pending), label="effect")
            event = {"type": "EFFECT_RESULT", "data": {"id": effect_id, **outcome}}
        else:
            event = data.draw(events(table.data), label="event").to_json()
        output = chat.send(event)
        turn = [*turn, output] if event["type"] == "EFFECT_RESULT" else [output]
        assert sum(item["type"] == "ACTION" for item in merge_outputs(turn).items) <= 1
