"""`verify_bot` finds each planted bug at its line, with a block that reproduces it, and
nothing on bug-free bots."""

from __future__ import annotations

from pathlib import Path

import pytest

from botc.compiler.build import load_bot
from botc.compiler.compile import compile_source
from botc.compiler.verification import VerificationResult, verify_bot
from botc.runtime.testing import run_tests, violations

BOTS = Path(__file__).parent.parent / "bots"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"

# (fixture, code, line of the culprit, invariant the block's last turn breaks)
PLANTED = [
    ("testing/silent_turn.bot", "BOT503", 10, "no silent turn"),
    ("testing/unhandled_failure.bot", "BOT504", 12, "integration failure handled"),
    ("testing/escalation_loop.bot", "BOT505", 11, "no escalation loop"),
    ("verify/field_never_set.bot", "BOT501", 15, "no runtime fault"),
    ("verify/read_after_failure.bot", "BOT501", 13, "no runtime fault"),
    ("verify/answer_compare.bot", "BOT501", 7, "no runtime fault"),
    ("verify/silent_failure.bot", "BOT510", 11, "no silent turn"),
    ("verify/long_escalation_loop.bot", "BOT505", 14, "no escalation loop"),
    # what only the explorer sees: the block pins down the behaviour it shows
    ("verify/reply_nowhere.bot", "BOT511", 7, None),
    ("verify/reply_refused.bot", "BOT511", 7, None),
    ("verify/held_action.bot", "BOT507", 18, None),
    ("verify/upload_untaken.bot", "BOT512", 10, None),
    ("verify/dead_end.bot", "BOT513", 12, None),
    ("verify/restart_question.bot", "BOT514", 15, None),
    ("verify/restart_upload.bot", "BOT514", 23, None),
]
BUG_FREE = [
    BOTS / "testing/help_desk.bot",
    BOTS / "testing/upload_receipts.bot",
    BOTS / "verify/order_status.bot",
    *sorted(EXAMPLES.glob("*.bot")),
]


def _verify(path: Path | str, depth: int = 6) -> VerificationResult:
    return verify_bot(load_bot(path), depth=depth, budget_seconds=120)


@pytest.mark.parametrize(("fixture", "code", "line", "invariant"), PLANTED)
def test_planted_bug_is_reported_once_at_its_line(
    fixture: str, code: str, line: int, invariant: str | None
) -> None:
    result = _verify(BOTS / fixture)
    assert [(f.code, f.diagnostic.span.line) for f in result.findings] == [(code, line)]


@pytest.mark.parametrize(("fixture", "code", "line", "invariant"), PLANTED)
def test_pasted_block_compiles_passes_and_shows_the_bug(
    fixture: str, code: str, line: int, invariant: str | None
) -> None:
    source = (BOTS / fixture).read_text(encoding="utf-8")
    finding = _verify(BOTS / fixture).findings[0]
    pasted = compile_source(source + "\n" + finding.test_block, "pasted.bot")
    assert pasted.table is not None, pasted.diagnostics
    name = finding.test_block.splitlines()[0].removeprefix("test ").strip('"')
    (result,) = [r for r in run_tests(pasted.table) if r.name == name]
    assert result.passed, result.failure
    if invariant is None:
        return
    last = len(result.trace.turns) - 1
    broken = {v.invariant for v in violations(pasted.table, result.trace) if v.turn == last}
    assert invariant in broken


@pytest.mark.parametrize("path", BUG_FREE, ids=lambda p: p.name)
def test_bug_free_bot_gets_no_finding_and_depth_6_is_proven(path: Path) -> None:
    result = _verify(path)
    assert [d.message for d in result.diagnostics] == []
    assert result.depth_proven == 6


def test_an_escalation_loop_is_played_on_to_the_runtimes_stop() -> None:
    finding = _verify(BOTS / "verify/long_escalation_loop.bot").findings[0]
    lines = [line.strip() for line in finding.test_block.splitlines()]
    # deeper than the depth explored: found as a cycle, then replayed to the 20th failure
    assert lines.count('user "__agent_escalation_failed__"') == 20


def test_the_shortest_conversation_is_reported() -> None:
    finding = _verify(BOTS / "testing/escalation_loop.bot").findings[0]
    # one event to be transferred, then the failures up to the runtime's stop (4)
    lines = [line.strip() for line in finding.test_block.splitlines()]
    assert len([line for line in lines if line.startswith(("user ", "start"))]) == 5


def test_findings_are_located_on_the_culprit_line_with_the_whole_line_spanned() -> None:
    finding = _verify(BOTS / "testing/silent_turn.bot").findings[0]
    span = finding.diagnostic.span
    assert (span.line, span.column) == (10, 5)
    assert span.end_column == len("    set note = star[0]") + 1
    assert finding.diagnostic.filename.endswith("silent_turn.bot")
    assert finding.test_block in finding.diagnostic.hint.replace("\n    ", "\n") + "\n"


def test_each_bug_class_has_its_own_message() -> None:
    found = {f.code: f for fixture, *_ in PLANTED for f in _verify(BOTS / fixture).findings}
    openings = {code: " ".join(f.diagnostic.message.split()[:4]) for code, f in found.items()}
    assert len(set(openings.values())) == len(openings) == 10


def test_a_bot_that_does_not_compile_gives_its_errors_and_explores_nothing() -> None:
    result = _verify(BOTS / "verify/retry_loop.bot")
    assert result.states_explored == 0
    assert result.findings == ()
    assert result.errors == 1


def test_the_budget_bounds_the_exploration_and_says_how_deep_it_got() -> None:
    result = verify_bot(load_bot(EXAMPLES / "secure_form.bot"), depth=12, budget_seconds=0.05)
    assert result.depth_proven < 12
    assert not result.exhausted


def test_a_small_bot_is_explored_to_the_end() -> None:
    result = _verify(BOTS / "testing/silent_turn.bot", depth=3)
    assert result.exhausted
    assert result.depth_proven == 3
