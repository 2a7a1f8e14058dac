"""The witnesses `botc verify` sends: texts that really reach what they stand for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from botc.compiler.build import load_bot
from botc.compiler.verification.outcomes import outcome_classes
from botc.compiler.verification.regex_witness import regex_texts
from botc.compiler.verification.witnesses import branch_candidates, pattern_witnesses, reply_texts
from botc.runtime.normalize import normalize
from botc.runtime.testing.stepping import loaded_table

BOTS = Path(__file__).parent.parent / "bots"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"


@pytest.mark.parametrize(
    "regex",
    [
        "^[0-9]{6}$",
        "^[A-Z]{2}[0-9]{4}$",
        "(?i)comedy|drama|sci-fi",
        "(?i).*(manager|agent).*",
        r"[^abc]+x",
        r"(\d+)-\1",
        r"\w+@\w+\.com",
        r"card ending (?:in )?([0-9]{4})",
    ],
)
def test_every_regex_witness_full_matches_its_regex(regex: str) -> None:
    texts = regex_texts(regex)
    assert texts
    assert all(re.fullmatch(regex, text) for text in texts)


def test_regex_witnesses_take_each_alternative() -> None:
    assert regex_texts("comedy|drama|sci-fi") == ["comedy", "drama", "sci-fi"]


def test_a_regex_nothing_matches_has_no_witness() -> None:
    assert regex_texts("a(?=b)c") == []
    assert regex_texts("(unclosed") == []


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[a-c]{1,3}(\|[a-c]{1,3}){0,2}|\[[a-c]-[d-f]\]\*?", fullmatch=True))
def test_generated_regexes_get_witnesses_that_match_them(regex: str) -> None:
    assert all(re.fullmatch(regex, text) for text in regex_texts(regex))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.bot")), ids=lambda p: p.name)
def test_each_pattern_witness_is_routed_to_its_own_pattern(path: Path) -> None:
    table = load_bot(path).table
    assert table is not None
    index = loaded_table(table).triggers
    pairs = pattern_witnesses(table, index)
    for order, text in pairs:
        match = index.route(normalize(text))
        excluded = any(w in text.split() for w in table["triggers"]["patterns"][order]["excludes"])
        assert excluded or (match is not None and match.pattern == order), text
    assert not any(text.startswith(("file_upload_", "__")) for _, text in pairs)


def test_each_alternative_of_a_choice_gets_a_witness() -> None:
    table = load_bot(EXAMPLES / "secure_form.bot").table
    assert table is not None
    texts = {text for _, text in pattern_witnesses(table, loaded_table(table).triggers)}
    assert {"my card was stolen", "my card is lost", "my card got lost"} <= texts
    assert any(t.endswith(" cancel") for t in texts)  # with an exclude word: another class


def test_branch_candidates_include_regex_witnesses_strings_and_numbers_around() -> None:
    step = {
        "branches": [
            {"kind": "when", "expression": 'answer is matching("^[0-9]{5}$")'},
            {"kind": "when", "expression": 'answer == "cancel"'},
            {"kind": "when", "expression": "answer | int > 5"},
            {"kind": "otherwise", "expression": None},
        ]
    }
    candidates = branch_candidates(step)
    assert {"00000", "cancel", "4", "5", "6"} <= set(candidates)


def test_reply_texts_are_the_published_texts_of_quick_replies_and_buttons() -> None:
    publish = {"actions": [{"type": "publishText", "text": "A"}]}
    link = {"actions": [{"type": "link", "uri": "https://example.com"}]}
    replies = [{"title": "A", "click": publish}, {"title": "Web", "click": link}]
    content = {"quickReplies": {"replies": replies}}
    items = [{"type": "STRUCTURED_CONTENT", "data": {"structuredContent": content}}]
    assert reply_texts(items) == ("A",)


def test_outcome_classes_give_each_compared_status_and_value_a_call_of_its_own() -> None:
    table = load_bot(BOTS / "verify/order_status.bot").table
    assert table is not None
    outcomes = outcome_classes(table)["Order"]
    statuses = [o.status for o in outcomes if o.error is None]
    assert 404 in statuses and 500 in statuses
    assert any(o.error is not None for o in outcomes)
    bodies = [o.body for o in outcomes if o.ok]
    assert {b["order"]["state"] for b in bodies} >= {"shipped", "other"}
    assert all(isinstance(b["order"]["items"], list) for b in bodies)  # read with `| length`


def test_an_upload_succeeds_or_fails() -> None:
    table = load_bot(EXAMPLES / "account_opening.bot").table
    assert table is not None
    assert [o.status for o in outcome_classes(table)["Documents"]] == [201, 500]
