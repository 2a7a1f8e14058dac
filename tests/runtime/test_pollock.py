"""The json-pollock rules: what they report, where, and in what words."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.wire.pollock import (
    Problem,
    quick_replies,
    quick_replies_problems,
    structured_content_problems,
)


def _button(**fields: Any) -> dict[str, Any]:
    return {"type": "button", "title": "Go",
            "click": {"actions": [{"type": "publishText", "text": "go"}]}, **fields}


def _vertical(*elements: Any) -> dict[str, Any]:
    return {"type": "vertical", "elements": list(elements)}


def test_a_vertical_card_with_a_button_is_valid() -> None:
    assert structured_content_problems(_vertical({"type": "text", "text": "Hi"}, _button())) == []


def test_missing_required_field_names_the_element_and_the_field() -> None:
    button = _button()
    del button["title"]
    assert structured_content_problems(_vertical(button)) == [
        Problem("$.elements[0]", "a button needs a `title` (text, at most 128 characters)")]


def test_over_long_text_is_reported_at_its_path_with_its_length() -> None:
    problems = structured_content_problems(_vertical(_button(title="x" * 129)))
    assert problems == [Problem(
        "$.elements[0].title",
        "the `title` of a button must be text, at most 128 characters; it has 129")]


def test_problem_deep_in_an_action_has_the_full_path() -> None:
    button = _button()
    button["click"]["actions"].append({"type": "link"})
    problems = structured_content_problems(_vertical(button))
    assert [p.path for p in problems] == ["$.elements[0].click.actions[1]"]
    assert "a link action needs a `uri`" in problems[0].message


def test_wrong_enum_word_lists_the_allowed_ones() -> None:
    problems = structured_content_problems({"type": "text", "text": "a",
                                            "style": {"size": "huge"}})
    assert problems == [Problem("$.style.size", "the `size` of a style must be one of "
                                                "`small`, `medium`, `large`, not \"huge\"")]


def test_unknown_kind_is_named_with_the_known_kinds() -> None:
    [problem] = structured_content_problems({"type": "video"})
    assert problem.path == "$.type"
    assert 'unknown `type` "video" for structured content' in problem.message
    assert "`carousel`" in problem.message


def test_extra_key_is_reported_at_its_own_path() -> None:
    [problem] = structured_content_problems({"type": "text", "text": "a", "colour": "red"})
    assert problem.path == "$.colour"
    assert problem.message.startswith("a text element has no field `colour`")


def test_keys_that_are_not_names_use_bracket_paths() -> None:
    [problem] = structured_content_problems(
        {"type": "text", "text": "a", "style": {"background-color": 5}})
    assert problem.path == '$.style["background-color"]'


def test_a_carousel_needs_two_cards() -> None:
    [problem] = structured_content_problems(
        {"type": "carousel", "elements": [{"type": "text", "text": "one"}]})
    assert problem == Problem(
        "$.elements", "the `elements` of a carousel must be a list of 2 to 10 cards; it has 1")


def test_an_untyped_element_that_fits_two_kinds_is_ambiguous() -> None:
    [problem] = structured_content_problems({"url": "https://example.com/a.png"})
    assert "ambiguous" in problem.message and "give it a `type`" in problem.message


def test_an_untyped_element_that_fits_one_kind_is_valid() -> None:
    assert structured_content_problems({"text": "plain"}) == []


def test_layouts_nest_any_structured_content() -> None:
    inner = {"type": "carousel", "elements": [_vertical(_button()), _vertical(_button())]}
    assert structured_content_problems({"type": "horizontal", "elements": [inner]}) == []
    inner["elements"][1]["elements"][0]["title"] = 7
    [problem] = structured_content_problems({"type": "horizontal", "elements": [inner]})
    assert problem.path == "$.elements[0].elements[1].elements[0].title"


def test_a_number_is_not_a_boolean() -> None:
    [problem] = structured_content_problems({"type": "map", "la": True, "lo": 1})
    assert problem.path == "$.la"


def test_a_non_object_document_gets_one_clear_problem() -> None:
    assert structured_content_problems("hello") == [
        Problem("$", 'the value must be structured content (an object), not "hello"')]


def test_quick_replies_builder_publishes_each_title() -> None:
    value = quick_replies(["Yes", "No"], items_per_row=2)
    assert value["itemsPerRow"] == 2
    replies = value["replies"]
    assert isinstance(replies, list)
    assert [r["click"]["actions"] for r in replies] == [
        [{"type": "publishText", "text": "Yes"}], [{"type": "publishText", "text": "No"}]]
    assert quick_replies_problems(value) == []


@given(st.integers(min_value=-3, max_value=12))
def test_items_per_row_must_be_from_1_to_8(per_row: int) -> None:
    problems = quick_replies_problems(quick_replies(["a"], per_row))
    assert (problems == []) == (1 <= per_row <= 8)


@given(st.integers(min_value=0, max_value=30))
def test_quick_replies_hold_1_to_24_replies(count: int) -> None:
    problems = quick_replies_problems(quick_replies(["a"] * count))
    assert (problems == []) == (1 <= count <= 24)
    if problems:
        assert problems[0].path == "$.replies"


def test_items_per_row_must_be_whole() -> None:
    [problem] = quick_replies_problems(quick_replies(["a"], 2.5))  # type: ignore[arg-type]
    assert problem.message.startswith("the `itemsPerRow` of a quickReplies object must be a whole")


def test_a_quick_reply_title_longer_than_128_is_reported() -> None:
    [problem] = quick_replies_problems(quick_replies(["x" * 129]))
    assert problem.path == "$.replies[0].title"
