"""Mistakes the grammar lets through and the AST builder reports, each at its place."""

from __future__ import annotations

import pytest

from botc.dsl import BotSyntaxError, parse


def _errors(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(BotSyntaxError) as caught:
        parse(text, "problems.bot")
    return [(d.span.line, d.span.column, d.message) for d in caught.value.diagnostics]


def test_intent_id_with_white_space() -> None:
    text = 'dialog a\n    user says "a"\n    intent "check balance" "Check"\n'
    assert _errors(text) == [(3, 12, "an intent id is one word, with no white space")]


def test_escalation_attempts_below_one() -> None:
    text = 'bot "B"\n    escalation attempts 0\n'
    assert _errors(text) == [(2, 25, "`escalation attempts` must be at least 1")]


def test_setting_given_twice_in_a_bot_block() -> None:
    text = 'bot "B"\n    default response "a"\n    default response "b"\n'
    assert _errors(text) == [(3, 5, "`default response` is given twice in this bot block")]


def test_follow_redirects_given_twice_in_an_integration() -> None:
    text = 'integration A\n    api GET "http://x/"\n    follow redirects\n    follow redirects\n'
    assert _errors(text) == [(4, 5, "`follow redirects` is given twice in this integration")]


def test_message_option_given_twice() -> None:
    text = 'dialog a\n    say "x"\n        quick replies "a"\n        quick replies "b"\n'
    assert _errors(text) == [(4, 9, "`quick replies` is given twice in this message")]


def test_upload_setting_given_twice() -> None:
    text = 'dialog a\n    upload "x"\n        success "a"\n        success "b"\n'
    assert _errors(text) == [(4, 9, "`success` is given twice in this upload")]


def test_json_key_given_twice() -> None:
    text = 'dialog a\n    signal {"k": 1, "k": 2}\n'
    assert _errors(text) == [(2, 21, "bad JSON: the key 'k' is given twice in this object")]


def test_json_number_too_large() -> None:
    assert _errors("dialog a\n    signal [1e999]\n") == [
        (2, 13, "bad JSON: the number 1e999 is too large")
    ]


def test_several_problems_in_one_file_are_all_reported() -> None:
    text = 'bot "B"\n    escalation attempts 0\ndialog a\n    say "\\q"\n'
    assert [line for line, _, _ in _errors(text)] == [2, 4]
