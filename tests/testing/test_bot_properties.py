"""The project's bots keep every built-in invariant on generated conversations.

This is the property API used as a bot author would: `@given(conversations(table))`,
`replay_conversation`, `check_invariants`. It runs over every example bot and the clean
fixture of this part.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from botc.compiler.build import load_bot, render_loaded
from botc.runtime.testing import (
    Conversation,
    check_invariants,
    conversations,
    replay_conversation,
    run_tests,
)

ROOT = Path(__file__).resolve().parents[2]
BOTS = [*sorted((ROOT / "examples").glob("*.bot")), ROOT / "tests/bots/testing/help_desk.bot"]


# Invariants a bot breaks on purpose, each with the reason, so the rest stay checked.
DELIBERATE: dict[str, tuple[str, ...]] = {}


def table_of(path: Path) -> dict[str, Any]:
    loaded = load_bot(path)
    assert loaded.table is not None, render_loaded(loaded)
    return loaded.table


@pytest.mark.parametrize("path", BOTS, ids=[p.name for p in BOTS])
def test_generated_conversations_keep_every_invariant(path: Path) -> None:
    table = table_of(path)

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(conversations(table, max_turns=6))
    def keeps_invariants(conversation: Conversation) -> None:
        trace = replay_conversation(table, conversation)
        check_invariants(table, trace, skip=DELIBERATE.get(path.name, ()))

    keeps_invariants()


@pytest.mark.parametrize("path", BOTS, ids=[p.name for p in BOTS])
def test_test_blocks_keep_every_invariant(path: Path) -> None:
    table = table_of(path)
    for result in run_tests(table):
        check_invariants(table, result.trace, skip=DELIBERATE.get(path.name, ()))
