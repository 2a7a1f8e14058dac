"""Incoming events (WIRE.md 1 and 4): what is accepted and how a bad one is refused."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.wire.events import (
    Event,
    EventError,
    effect_result,
    parse_event,
    parse_incoming,
    text_event,
)

SUPPORTED = "TEXT, START, RICH_CONTENT, hosted-file, SIGNAL, CONVERSATION, CLOSE_CONVERSATION"


def test_text_event_is_parsed_with_its_message() -> None:
    event = parse_event({"type": "TEXT", "source": "CONSUMER", "data": {"message": "hi"}})
    assert (event.type, event.message, event.source) == ("TEXT", "hi", "CONSUMER")


def test_start_event_carries_the_last_consumer_message() -> None:
    event = parse_event(
        {"type": "START", "data": {}, "context": {"lpEvent": {"lastConsumerMessage": "balance"}}}
    )
    assert event.last_consumer_message == "balance"


def test_start_event_without_data_is_accepted() -> None:
    assert parse_event({"type": "START"}).last_consumer_message is None


def test_hosted_file_event_is_parsed() -> None:
    data = {"relativePath": "a/b.pdf", "fileType": "PDF", "caption": "ID", "size": 10}
    assert parse_event({"type": "hosted-file", "data": data}).data == data


def test_effect_result_with_a_status_is_parsed() -> None:
    event = effect_result("e1", status=200, headers={"x": "y"}, body={"a": 1})
    assert event.data == {"id": "e1", "status": 200, "headers": {"x": "y"}, "body": {"a": 1}}


def test_effect_result_with_an_error_is_parsed() -> None:
    assert effect_result("e1", error="timeout").data == {"id": "e1", "error": "timeout"}


def test_text_event_helper_builds_a_text_event() -> None:
    assert text_event("hi") == Event(type="TEXT", data={"message": "hi"})


def test_unknown_type_is_refused_naming_the_supported_types() -> None:
    with pytest.raises(EventError) as caught:
        parse_event({"type": "VIDEO", "data": {}})
    assert str(caught.value) == f"unsupported event type 'VIDEO'; supported types: {SUPPORTED}"


def test_missing_type_is_refused() -> None:
    with pytest.raises(EventError, match="unsupported event type missing"):
        parse_event({"data": {"message": "hi"}})


def test_text_without_a_message_is_refused() -> None:
    with pytest.raises(EventError, match=r"TEXT event: `data.message` is required"):
        parse_event({"type": "TEXT", "data": {}})


def test_text_with_a_non_string_message_is_refused() -> None:
    with pytest.raises(EventError, match=r"`data.message` must be a string"):
        parse_event({"type": "TEXT", "data": {"message": 3}})


@pytest.mark.parametrize(
    ("event", "problem"),
    [
        ([], "an event must be a JSON object, not an array"),
        ({"type": "TEXT", "data": "hi"}, "`data` must be an object"),
        ({"type": "TEXT", "data": {"message": "x"}, "context": []}, "`context` must be an object"),
        ({"type": "RICH_CONTENT", "data": {"content": "x"}}, "`data.content` must be an object"),
        ({"type": "SIGNAL", "data": {}}, "`data.content` is required"),
        ({"type": "hosted-file", "data": {"fileType": "PDF"}}, "`data.relativePath` is required"),
        ({"type": "hosted-file", "data": {"relativePath": "a", "size": -1}}, "`data.size`"),
        ({"type": "CONVERSATION", "data": {"name": "PAUSED"}}, "STARTED, TRANSFERRED, CLOSED"),
        ({"type": "EFFECT_RESULT", "data": {"status": 200}}, "`data.id` is required"),
        ({"type": "EFFECT_RESULT", "data": {"id": "e1"}}, "HTTP `status` (100-599) or an `error`"),
        (
            {"type": "EFFECT_RESULT", "data": {"id": "e1", "status": 200, "headers": {"a": 1}}},
            "`data.headers` must be an object of strings",
        ),
        (
            {"type": "START", "context": {"lpEvent": {"lastConsumerMessage": 5}}},
            "lastConsumerMessage` must be a string",
        ),
    ],
)
def test_malformed_event_is_refused_with_the_problem(event: Any, problem: str) -> None:
    with pytest.raises(EventError) as caught:
        parse_event(event)
    assert problem in str(caught.value)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["type", "data", "message", "context"]), inner, max_size=3
            )
        ),
        max_leaves=8,
    )
)
def test_any_json_value_parses_or_is_refused_with_event_error(value: Any) -> None:
    try:
        event = parse_event(value)
    except EventError as error:
        assert str(error)
    else:
        assert isinstance(event, Event)


def test_an_effect_result_from_outside_is_refused() -> None:
    with pytest.raises(EventError, match="fed back by the driver"):
        parse_incoming({"type": "EFFECT_RESULT", "data": {"id": "e1", "status": 200}})


def test_a_connector_event_passes_parse_incoming() -> None:
    assert parse_incoming({"type": "TEXT", "data": {"message": "hi"}}).message == "hi"
