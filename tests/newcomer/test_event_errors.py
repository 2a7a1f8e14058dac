"""A malformed event names the JSON kind it got, in JSON's words, never Python's."""

from __future__ import annotations

import json

import pytest

from botc.runtime.wire.events import EventError, parse_event


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("5", "a number"),
        ("2.5", "a number"),
        ("true", "a boolean"),
        ("null", "null"),
        ("[]", "an array"),
    ],
)
def test_an_event_that_is_not_an_object_names_its_json_kind(text: str, kind: str) -> None:
    with pytest.raises(EventError) as caught:
        parse_event(json.loads(text))
    assert str(caught.value) == f"an event must be a JSON object, not {kind}"


def test_a_context_that_is_a_number_is_named_a_number() -> None:
    with pytest.raises(EventError) as caught:
        parse_event({"type": "TEXT", "data": {"message": "hi"}, "context": 5})
    assert str(caught.value) == "TEXT event: `context` must be an object, not a number"
