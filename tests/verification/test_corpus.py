"""`check` (and `verify`, once it is merged) over the corpus: every planted bug is
reported at its line, and no bug-free bot gets any finding."""

from __future__ import annotations

from collections import Counter

import pytest
from verification_corpus import CorpusBot, bug_free, buggy, corpus, found_at_line

from botc.compiler.build import load_bot
from botc.compiler.compile import compile_file
from botc.dsl.diagnostics import Diagnostic

# The bug classes `botc check` is meant to find on its own (issue 10, item 2); the rest
# are for `botc verify` (escalation and integration failures as they happen at run time).
STATIC_KINDS = frozenset(
    {
        "shadowed-pattern",
        "regex-unmatchable",
        "dead-when",
        "answer-compare",
        "unset-field",
        "capture-index",
        "quick-reply-nowhere",
        "upload-outcome-untaken",
        "action-meets-action",
        "dead-end-question",
        "silent-turn",
        "silent-call-failure",
        "unhandled-failure",
        "escalation-loop",
        "escalation-unreachable",
        "skill-not-number",
        "restarted-dialog",
    }
)


def _ids(bots: list[CorpusBot]) -> list[str]:
    return [bot.name for bot in bots]


def _check(bot: CorpusBot) -> tuple[Diagnostic, ...]:
    return compile_file(str(bot.path)).diagnostics


def test_the_corpus_has_forty_buggy_and_fifteen_bug_free_bots() -> None:
    assert len(buggy()) >= 40
    assert len(bug_free()) >= 15


def test_the_corpus_covers_every_bug_class_at_least_twice() -> None:
    kinds = Counter(bot.bug.kind for bot in buggy() if bot.bug is not None)
    assert kinds and min(kinds.values()) >= 2, kinds


@pytest.mark.parametrize("bot", corpus(), ids=_ids(corpus()))
def test_every_corpus_bot_compiles(bot: CorpusBot) -> None:
    assert not [d for d in _check(bot) if d.severity == "error"]


@pytest.mark.parametrize("bot", bug_free(), ids=_ids(bug_free()))
def test_check_finds_nothing_in_a_bug_free_bot(bot: CorpusBot) -> None:
    assert _check(bot) == ()


@pytest.mark.parametrize("bot", buggy(), ids=_ids(buggy()))
def test_check_warns_only_about_the_planted_bug(bot: CorpusBot) -> None:
    assert bot.bug is not None
    stray = [d for d in _check(bot) if not found_at_line([d.span.line], bot.bug)]
    assert stray == []


_STATIC = [bot for bot in buggy() if bot.bug is not None and bot.bug.kind in STATIC_KINDS]


@pytest.mark.parametrize("bot", _STATIC, ids=_ids(_STATIC))
def test_check_reports_a_static_bug_at_its_line(bot: CorpusBot) -> None:
    assert bot.bug is not None
    assert found_at_line([d.span.line for d in _check(bot)], bot.bug)


def _verify(bot: CorpusBot) -> tuple[Diagnostic, ...]:
    verification = pytest.importorskip("botc.compiler.verification")
    loaded = load_bot(bot.path)
    assert loaded.ok
    return tuple(verification.verify_bot(loaded).diagnostics)


@pytest.mark.parametrize("bot", buggy(), ids=_ids(buggy()))
def test_check_and_verify_report_every_bug_at_its_line(bot: CorpusBot) -> None:
    assert bot.bug is not None
    found = _check(bot) + _verify(bot)
    assert found_at_line([d.span.line for d in found], bot.bug)


@pytest.mark.parametrize("bot", bug_free(), ids=_ids(bug_free()))
def test_verify_finds_nothing_in_a_bug_free_bot(bot: CorpusBot) -> None:
    assert _verify(bot) == ()
