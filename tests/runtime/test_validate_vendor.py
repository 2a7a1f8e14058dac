"""`response_problems` against LivePerson's Custom Endpoint file (v1.json).

The project's rules are stricter than the vendor file on purpose (WIRE.md 2): one ACTION
per response, typed parameters for each action (the vendor leaves `parameters` an
open object), base64 encoded metadata of at most 5,120 characters, intent ids with no
white space and each listed once, `messageAudience` only for private texts, structured
content that is valid json-pollock or quick replies. So only one direction holds and is
asserted: a reply the project accepts is accepted by the vendor file (read with the
adjustments documented in tests/vendor_schemas.py). Samples come from both sides:
replies built to WIRE.md (valid, or with one planted mistake) and replies drawn from the
vendor schema itself.
"""

from __future__ import annotations

import base64
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from vendor_schemas import instances, require_vendor, validate_bot_response, with_one_mistake

from botc.runtime.wire.pollock import quick_replies
from botc.runtime.wire.validate import response_problems

_TEXTS = st.text(alphabet="abc é{}", max_size=8)
_METADATA = st.lists(st.fixed_dictionaries({"type": st.just("ExternalId"), "id": _TEXTS}),
                     max_size=2)
_ENCODED = st.binary(max_size=60).map(lambda b: base64.b64encode(b).decode())
_CARD = st.builds(
    lambda title: {"type": "vertical", "elements": [
        {"type": "button", "title": title,
         "click": {"actions": [{"type": "publishText", "text": title}]}}]},
    st.text(max_size=20))


def _data(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[Any]:
    return st.fixed_dictionaries(required, optional=optional)


def _item(kind: str, data: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return data.map(lambda d: {"type": kind, "data": d})


_TEXT_ITEM = _item("TEXT", _data({"message": _TEXTS}, {
    "messageAudience": st.just("AGENTS_AND_MANAGERS"), "metadata": _METADATA,
    "encodedMetadata": _ENCODED}))
_QUICK_REPLIES = st.builds(
    lambda titles, per_row, message: {"quickReplies": quick_replies(titles, per_row),
                                      "message": message},
    st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=24), st.integers(1, 8),
    _TEXTS)
_CONTENT_ITEM = _item("STRUCTURED_CONTENT", _data(
    {"structuredContent": _CARD | _QUICK_REPLIES},
    {"metadata": _METADATA, "encodedMetadata": _ENCODED}))
_DELAY_ITEM = _item("DELAY", _data({"seconds": st.integers(1, 30)}, {"typing": st.booleans()}))
_UUID = st.uuids().map(str)
_PARAMETERS = {
    "TRANSFER": st.one_of(
        st.fixed_dictionaries({"skillId": st.integers(1, 10**6).map(str)},
                              optional={"agentId": st.just("5678")}),
        st.fixed_dictionaries({"skillName": st.text(min_size=1, max_size=10)}),
        st.fixed_dictionaries({"skillId": st.just("1234"), "transferContext":
                               st.fixed_dictionaries({"intent": _TEXTS | st.none(),
                                                      "message": _TEXTS | st.none()})})),
    "CLOSE_CONVERSATION": st.just({}) | st.just({"withoutPcs": True}),
    "CHANGE_TTR": st.sampled_from(["URGENT", "NORMAL", "PRIORITIZED"]).map(
        lambda t: {"ttrType": t}) | st.integers(1, 3600).map(
        lambda v: {"ttrType": "CUSTOM", "value": v}),
    "INVOKE_FUNCTION": st.fixed_dictionaries({
        "lambdaUuid": _UUID, "payload": st.dictionaries(_TEXTS, _TEXTS, max_size=2),
        "failOnError": st.booleans()}),
    "SIGNAL": st.dictionaries(_TEXTS, _TEXTS, max_size=2).map(lambda p: {"payload": p}),
    "SEND_SECURE_FORM": st.fixed_dictionaries({"formId": st.integers(1, 10**10),
                                               "title": _TEXTS}),
}
_ACTION_ITEM = st.one_of([
    params.map(lambda p, name=name: {"type": "ACTION", "data": {"name": name, "parameters": p}})
    for name, params in _PARAMETERS.items()])
_INTENTS = st.lists(st.fixed_dictionaries({
    "id": st.text(alphabet="abc-_1", min_size=1, max_size=8),
    "description": _TEXTS,
    "confidenceScore": st.floats(0, 1) | st.sampled_from([0, 1])}),
    max_size=3, unique_by=lambda intent: intent["id"])
WIRE_RESPONSES = st.builds(
    lambda items, action, intents: {"response": items + action,
                                    "analytics": {"intents": intents}},
    st.lists(_TEXT_ITEM | _CONTENT_ITEM | _DELAY_ITEM, max_size=4),
    st.lists(_ACTION_ITEM, max_size=1),
    _INTENTS)


@given(WIRE_RESPONSES)
def test_replies_built_to_wire_md_pass_the_project_rules(response: dict[str, Any]) -> None:
    assert response_problems(response) == []


@settings(max_examples=300)
@given(st.data())
def test_a_reply_the_project_accepts_is_accepted_by_the_vendor_file(data: st.DataObject) -> None:
    require_vendor()
    response = data.draw(st.one_of(WIRE_RESPONSES, with_one_mistake(WIRE_RESPONSES)))
    if response_problems(response) == []:
        validate_bot_response(response)


@settings(max_examples=200)
@given(st.data())
def test_what_the_vendor_file_rejects_the_project_rejects(data: st.DataObject) -> None:
    require_vendor()
    items = data.draw(st.one_of(instances("BotResponse"),
                                with_one_mistake(instances("BotResponse"))))
    intents = data.draw(instances("Analytics"))
    response = {"response": items, "analytics": intents}
    if response_problems(response) == []:
        validate_bot_response(response)


@given(st.lists(_ACTION_ITEM, min_size=2, max_size=3), st.lists(_TEXT_ITEM, max_size=2))
def test_two_actions_are_refused_though_the_vendor_file_allows_them(
        actions: list[Any], texts: list[Any]) -> None:
    response = {"response": texts + actions, "analytics": {"intents": []}}
    problems = response_problems(response)
    assert any("at most one ACTION" in p for p in problems)
