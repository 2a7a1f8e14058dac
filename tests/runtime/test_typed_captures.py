"""Wildcard captures keep what the consumer typed (issue 14, item 5): matching folds case
and white space, but `star` holds the consumer's own characters under each capture."""

from __future__ import annotations

import re

from core_chat import compile_text
from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.interpreter import step
from botc.runtime.loading import load_table
from botc.runtime.matching.matcher import TriggerIndex
from botc.runtime.normalize import normalize, source_positions, typed_captures
from botc.runtime.state import ConversationState
from botc.runtime.wire.events import parse_event, text_event

BOT = load_table(
    compile_text(
        """
        bot "Names"
        dialog name
            user says "my name is *", "call me * please"
            say "Hi {{ star[0] }}"
        dialog code
            user says "/code ([a-z]+) ([0-9]+)/"
            say "{{ star[0] }}-{{ star[1] }}"
        dialog two
            user says "* and *"
            say "[{{ star[0] }}] [{{ star[1] }}]"
        dialog fallback
            on fallback
            say "fallback"
        """
    )
)


def _said(text: str) -> list[str]:
    _, output = step(BOT, ConversationState.initial(), text_event(text))
    return [item["data"]["message"] for item in output.items]


def test_a_wildcard_capture_keeps_the_consumers_case() -> None:
    assert _said("My name is Ada Lovelace") == ["Hi Ada Lovelace"]


def test_matching_still_folds_case_and_white_space() -> None:
    assert _said("  MY   NAME is   Ada  ") == ["Hi Ada"]


def test_the_trailing_punctuation_normalization_drops_is_not_captured() -> None:
    assert _said("My name is Ada!?") == ["Hi Ada"]


def test_white_space_inside_a_capture_is_kept_as_typed() -> None:
    assert _said("my name is Ada   King") == ["Hi Ada   King"]


def test_a_regex_groups_captures_keep_the_consumers_case() -> None:
    assert _said("CODE AbC 42") == ["AbC-42"]


def test_each_of_several_captures_keeps_its_case() -> None:
    assert _said("Fish AND Chips") == ["[Fish] [Chips]"]


def test_a_start_events_last_message_captures_keep_the_consumers_case() -> None:
    event = parse_event(
        {"type": "START", "context": {"lpEvent": {"lastConsumerMessage": "Call me Ishmael please"}}}
    )
    _, output = step(BOT, ConversationState.initial(), event)
    assert [item["data"]["message"] for item in output.items] == ["Hi Ishmael"]


def test_a_capture_ending_inside_a_character_that_folds_to_several_takes_it_whole() -> None:
    # "ß" folds to "ss": the capture of "stra*" on "STRAßE" starts inside the "ss"
    index = TriggerIndex.build([_pattern([{"text": "stras"}, {"star": True}])])
    match = index.route(normalize("STRAßE"))
    assert match is not None and match.star == ("se",)
    assert typed_captures("STRAßE", match.spans) == ("ßE",)


def _pattern(items: list[dict[str, object]]) -> dict[str, object]:
    return {
        "dialog": 0,
        "source": "",
        "pattern": items,
        "regex": None,
        "excludes": [],
        "exact": False,
        "literal": 1,
        "order": 0,
        "line": 1,
    }


# case pairs, white space of several kinds, the punctuation normalization trims, accents;
# no character that case-folds to several (a capture may start inside one: see above)
_TYPED = st.text("aAbBéÉ .!?\t\n\u00a0", max_size=12)
_SHAPES = (
    [{"text": "a "}, {"star": True}],
    [{"star": True}, {"text": " b"}],
    [{"star": True}, {"text": "b"}, {"star": True}],
    [{"text": "a"}, {"star": True}, {"text": " a"}, {"star": True}],
)


@given(_TYPED)
def test_each_normalized_character_comes_from_the_character_it_is_mapped_to(text: str) -> None:
    normalized = normalize(text)
    positions = source_positions(text)
    assert len(positions) == len(normalized)
    assert positions == sorted(positions)
    for character, position in zip(normalized, positions, strict=True):
        source = text[position]
        assert character in source.casefold() or (character == " " and source.isspace())


@given(st.sampled_from(_SHAPES), _TYPED, _TYPED)
def test_a_typed_capture_folded_is_the_capture_of_the_normalized_text(
    shape: list[dict[str, object]], before: str, after: str
) -> None:
    text = before + "a B a b" + after
    match = TriggerIndex.build([_pattern(shape)]).route(normalize(text))
    if match is None:
        return
    typed = typed_captures(text, match.spans)
    assert len(typed) == len(match.star)
    for capture, folded in zip(typed, match.star, strict=True):
        assert re.sub(r"\s+", " ", capture.casefold()).strip() == folded
