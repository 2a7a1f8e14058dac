"""Each kind of the JSON-shape vocabulary means what its JSON Schema keyword means.

The pollock rules are built from these kinds, so each is compared, on any JSON value,
with jsonschema's Draft 7 reading of the keyword it stands for.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from botc.runtime.wire.shapes import (
    Choice,
    Field,
    Flag,
    ListOf,
    Number,
    OneOf,
    Positional,
    Problem,
    Record,
    Spec,
    Text,
    check,
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 300) | st.floats(-5, 300, allow_nan=False)
    | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "a", "b", "c"]), inner, max_size=3),
    max_leaves=8,
)
OBJECTS = st.dictionaries(st.sampled_from(["type", "a", "b", "c"]), JSON, max_size=3)


def _agrees(spec: Spec, schema: dict[str, Any], value: Any) -> None:
    problems = check(spec, value, "$")
    assert (problems == []) == Draft7Validator(schema).is_valid(value), (value, problems)


@given(JSON | st.text(alphabet="a\U0001f600é", max_size=6))
def test_text_is_a_string_with_a_max_length_in_code_points(value: Any) -> None:
    _agrees(Text(3), {"type": "string", "maxLength": 3}, value)


@given(JSON)
def test_choice_is_a_string_enum(value: Any) -> None:
    _agrees(Choice(("a", "b")), {"type": "string", "enum": ["a", "b"]}, value)


@given(JSON | st.sampled_from([2.0, 3.5, 1e3]))
def test_number_and_whole_number_follow_number_and_integer(value: Any) -> None:
    _agrees(Number(1, 8), {"type": "number", "minimum": 1, "maximum": 8}, value)
    _agrees(Number(1, 8, whole=True), {"type": "integer", "minimum": 1, "maximum": 8}, value)


@given(JSON)
def test_flag_is_a_boolean(value: Any) -> None:
    _agrees(Flag(), {"type": "boolean"}, value)


@given(JSON)
def test_list_of_has_item_kinds_and_counts(value: Any) -> None:
    _agrees(ListOf(Number(), "numbers", 1, 2),
            {"type": "array", "items": {"type": "number"}, "minItems": 1, "maxItems": 2}, value)


@given(JSON)
def test_positional_items_check_by_position(value: Any) -> None:
    _agrees(Positional((Number(), Text(2)), "a number and a text", 1, 2),
            {"type": "array", "minItems": 1, "maxItems": 2,
             "items": [{"type": "number"}, {"type": "string", "maxLength": 2}]}, value)


RECORD = Record("a thing", (Field("a", Number(), True), Field("b", Text(2))))
RECORD_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["a"],
                 "properties": {"a": {"type": "number"}, "b": {"type": "string", "maxLength": 2}}}


@given(OBJECTS | JSON)
def test_record_is_a_closed_object_with_required_fields(value: Any) -> None:
    _agrees(RECORD, RECORD_SCHEMA, value)


@given(OBJECTS | JSON)
def test_one_of_holds_when_exactly_one_alternative_fits(value: Any) -> None:
    other = Record("another", (Field("a", Number()), Field("c", Flag())))
    other_schema = {"type": "object", "additionalProperties": False,
                    "properties": {"a": {"type": "number"}, "c": {"type": "boolean"}}}
    _agrees(OneOf("either", (RECORD, other)), {"oneOf": [RECORD_SCHEMA, other_schema]}, value)


def test_an_object_fitting_two_alternatives_is_called_ambiguous() -> None:
    either = OneOf("either", (RECORD, Record("another", (Field("a", Number()),))))
    assert check(either, {"a": 1}, "$") == [Problem(
        "$", "the value is ambiguous: it fits a thing and another; give it a `type`")]
