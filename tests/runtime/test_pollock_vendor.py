"""The json-pollock and quick-replies rules agree with LivePerson's own schema files.

Documents are drawn from the vendor schemas themselves (tests/vendor_schemas.py), half of
them with one planted mistake, and the project's verdict is compared with jsonschema's.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from vendor_schemas import (
    documents,
    is_valid,
    registry,
    require_vendor,
    validate_quick_replies,
    validate_structured_content,
)

from botc.runtime.wire import shapes
from botc.runtime.wire.pollock import (
    quick_replies,
    quick_replies_problems,
    structured_content_problems,
)

_SEEDED_SAMPLES = [
    # seed 003, figure 4.2
    {"type": "vertical", "elements": [{"type": "button", "title": "Recommend Me a movie!",
     "click": {"actions": [{"text": "Recommend Me a movie!", "type": "publishText"}]}}]},
    # seed 003, figure 4.7 (a consumer's shared location)
    {"type": "vertical", "elements": [{"type": "map", "la": 49.43, "lo": 7.75, "alt": "x"}]},
    {"url": "https://example.com/a.png"},  # fits both image and linkPreview: invalid
    {"text": "untyped text"},
    {"type": "carousel", "elements": [{"type": "text", "text": "only one"}]},
]


@settings(max_examples=300)
@given(st.data())
def test_structured_content_rules_accept_exactly_what_rich_content_json_accepts(
        data: st.DataObject) -> None:
    require_vendor()
    document = data.draw(documents("rich_content"))
    problems = structured_content_problems(document)
    assert (problems == []) == is_valid("rich_content", document), problems


@settings(max_examples=200)
@given(st.data())
def test_quick_replies_rules_match_the_vendor_file_with_its_stated_row_limit(
        data: st.DataObject) -> None:
    require_vendor()
    document = data.draw(documents("quickReplies"))
    problems = quick_replies_problems(document)
    per_row = document.get("itemsPerRow") if isinstance(document, dict) else None
    # The one stricter rule: itemsPerRow is a whole number (the vendor says "number").
    whole_row = per_row is None or shapes.is_whole(per_row)
    assert (problems == []) == (is_valid("quickReplies", document) and whole_row), problems


@settings(max_examples=100)
@given(st.data())
def test_each_quick_reply_is_a_json_pollock_button(data: st.DataObject) -> None:
    require_vendor()
    button = data.draw(documents("button"))
    problems = quick_replies_problems({"type": "quickReplies", "itemsPerRow": 1,
                                       "replies": [button]})
    assert (problems == []) == is_valid("button", button), problems


@given(st.lists(st.text(min_size=1, max_size=128), min_size=1, max_size=24),
       st.integers(1, 8))
def test_built_quick_replies_pass_the_vendor_schema(titles: list[str], per_row: int) -> None:
    require_vendor()
    value = quick_replies(titles, per_row)
    validate_quick_replies(value)
    assert quick_replies_problems(value) == []


def test_the_fast_one_of_gives_the_plain_draft7_verdict_on_seed_samples() -> None:
    require_vendor()
    plain = Draft7Validator({"$ref": "https://vendor.invalid/rich/rich_content.json"},
                            registry=registry())
    for sample in _SEEDED_SAMPLES:
        assert plain.is_valid(sample) == is_valid("rich_content", sample), sample
        assert (structured_content_problems(sample) == []) == plain.is_valid(sample), sample


def test_seed_structured_content_is_valid_for_both() -> None:
    require_vendor()
    validate_structured_content(_SEEDED_SAMPLES[0])
    assert structured_content_problems(_SEEDED_SAMPLES[1]) == []
