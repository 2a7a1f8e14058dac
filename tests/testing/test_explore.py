"""Exploration catches each planted bug with a minimal, pasteable counterexample."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from botc.runtime.testing import explore, run_tests, violations

Compile = Callable[[Path | str], dict[str, Any]]

PLANTED = [
    ("silent_turn.bot", "no silent turn"),
    ("unhandled_failure.bot", "integration failure handled"),
    ("escalation_loop.bot", "no escalation loop"),
]


@pytest.mark.parametrize(("fixture", "invariant"), PLANTED)
def test_planted_bug_is_found_and_its_pasted_block_reproduces_it(
    fixture: str,
    invariant: str,
    write_bot: Callable[..., Path],
    fixtures: Path,
    compiled: Compile,
) -> None:
    source = (fixtures / fixture).read_text(encoding="utf-8")
    result = explore(compiled(fixtures / fixture), examples=60, seed=7)
    findings = [f for f in result.findings if f.invariant == invariant]
    assert findings, [str(f.violation) for f in result.findings]
    block = findings[0].block
    assert block.startswith(f'test "explore: {invariant}"\n')

    pasted = compiled(write_bot(source + "\n" + block, fixture))
    replayed = [r for r in run_tests(pasted) if r.name == f"explore: {invariant}"]
    assert len(replayed) == 1
    assert replayed[0].passed, replayed[0].failure
    assert invariant in {v.invariant for v in violations(pasted, replayed[0].trace)}


@pytest.mark.parametrize(("fixture", "invariant"), PLANTED)
def test_counterexample_is_shrunk_to_the_turns_that_show_it(
    fixture: str, invariant: str, fixtures: Path, compiled: Compile
) -> None:
    result = explore(compiled(fixtures / fixture), examples=60, seed=11)
    finding = next(f for f in result.findings if f.invariant == invariant)
    # The failure shows on the last turn: nothing after it survives shrinking.
    assert finding.violation.turn == len(finding.trace.turns) - 1
    if invariant == "no escalation loop":  # a transfer, then failures up to the 4th (stop)
        assert len(finding.trace.turns) == 5
    else:
        assert len(finding.trace.turns) == 1


def test_silent_turn_counterexample_is_the_shortest_text_that_shows_it(
    fixtures: Path, compiled: Compile
) -> None:
    result = explore(compiled(fixtures / "silent_turn.bot"), examples=60, seed=3)
    finding = next(f for f in result.findings if f.invariant == "no silent turn")
    assert finding.block == (
        'test "explore: no silent turn"\n'
        "    # no silent turn (turn 1): the consumer wrote 'remember' and got nothing\n"
        '    user "remember"\n'
        "    expect nothing\n"
    )


def test_bot_that_handles_every_path_has_no_findings(fixtures: Path, compiled: Compile) -> None:
    result = explore(compiled(fixtures / "help_desk.bot"), examples=80, seed=5)
    assert [str(f.violation) for f in result.findings] == []
    assert result.tried >= 80


def test_same_seed_gives_the_same_findings(fixtures: Path, compiled: Compile) -> None:
    table = compiled(fixtures / "unhandled_failure.bot")
    first = explore(table, examples=40, seed=21)
    second = explore(table, examples=40, seed=21)
    assert [f.block for f in first.findings] == [f.block for f in second.findings]
    assert first.tried == second.tried


def test_skipped_invariant_is_not_reported(fixtures: Path, compiled: Compile) -> None:
    table = compiled(fixtures / "silent_turn.bot")
    result = explore(table, examples=40, seed=1, skip=("no silent turn",))
    assert "no silent turn" not in {f.invariant for f in result.findings}


def test_progress_is_told_each_conversation_tried(fixtures: Path, compiled: Compile) -> None:
    seen: list[int] = []
    result = explore(
        compiled(fixtures / "help_desk.bot"), examples=10, seed=2, progress=seen.append
    )
    assert seen == list(range(1, result.tried + 1))


QUIET_MENU = """
dialog menu
    user says "menu"
    ask choice "Pick a or b."
        when answer == "a" -> end
        otherwise -> next
    say "You picked {{ choice }}."

dialog fallback
    on fallback
    say "Say 'menu'."
"""


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_counterexample_keeps_only_the_events_the_finding_needs(
    seed: int, bot: Callable[[str], dict[str, Any]]
) -> None:
    result = explore(bot(QUIET_MENU), examples=60, seed=seed)
    finding = next(f for f in result.findings if f.invariant == "no silent turn")
    sent = [turn.event.data["message"] for turn in finding.trace.turns]
    assert sent == ["menu", "a"]


def test_an_escalation_loop_names_how_many_failed_transfers_it_answered(
    write_bot: Callable[..., Path], compiled: Compile
) -> None:
    source = (
        'bot "Desk"\n    escalation attempts 3\n\n'
        'dialog agent\n    user says "agent"\n    escalate to skill 42\n\n'
        'dialog agent_failed\n    user says "__agent_escalation_failed__"\n'
        '    say "Trying again."\n    escalate to skill 42\n'
    )
    result = explore(compiled(write_bot(source, "desk.bot")), examples=60, seed=7)
    [finding] = [f for f in result.findings if f.invariant == "no escalation loop"]
    assert "answered 2 failed transfers in a row with another transfer" in str(finding.violation)
