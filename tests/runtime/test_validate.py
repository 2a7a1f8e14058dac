"""The project's own reply checks (WIRE.md 2 and 3): one rule per test."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.wire.pollock import quick_replies
from botc.runtime.wire.validate import functions_response_problems, response_problems


def _reply(*items: dict[str, Any], intents: list[Any] | None = None) -> dict[str, Any]:
    return {"response": list(items), "analytics": {"intents": intents or []}}


def _text(**data: Any) -> dict[str, Any]:
    return {"type": "TEXT", "data": {"message": "hi", **data}}


def _action(name: str, parameters: dict[str, Any]) -> dict[str, Any]:
    return {"type": "ACTION", "data": {"name": name, "parameters": parameters}}


def test_the_seed_reply_with_encoded_metadata_is_valid() -> None:
    reply = _reply(
        _text(encodedMetadata="ewoic29tZUluZm8iOiAiSSB3YXMgZW5jb2RlZCIKfQ==",
              metadata=[{"type": "ExternalId", "id": "ABCD1234"}]),
        intents=[{"id": "base-text", "description": "Text Messages", "confidenceScore": 0.99}])
    assert response_problems(reply) == []


def test_both_keys_must_be_present() -> None:
    assert response_problems({"response": []}) == [
        "$: a Custom Endpoint response needs a `analytics` (the analytics)"]


def test_an_extra_top_level_key_is_refused() -> None:
    reply = {**_reply(), "debug": True}
    assert [p.split(":")[0] for p in response_problems(reply)] == ["$.debug"]


def test_a_text_needs_its_message() -> None:
    assert response_problems(_reply({"type": "TEXT", "data": {}})) == [
        "$.response[0].data: the data of a TEXT item needs a `message` (text)"]


def test_message_audience_is_only_for_private_texts() -> None:
    assert response_problems(_reply(_text(messageAudience="AGENTS_AND_MANAGERS"))) == []
    [problem] = response_problems(_reply(_text(messageAudience="ALL")))
    assert problem.startswith("$.response[0].data.messageAudience:")


def test_metadata_is_an_array() -> None:
    [problem] = response_problems(_reply(_text(metadata={"type": "ExternalId"})))
    assert problem.startswith("$.response[0].data.metadata: ")


def test_encoded_metadata_must_be_base64() -> None:
    [problem] = response_problems(_reply(_text(encodedMetadata="not base64!")))
    assert problem == "$.response[0].data.encodedMetadata: encoded metadata must be valid base64"


@given(st.integers(min_value=5100, max_value=5140))
def test_encoded_metadata_is_at_most_5120_characters(length: int) -> None:
    problems = response_problems(_reply(_text(encodedMetadata="A" * (length - length % 4))))
    assert (problems == []) == (length - length % 4 <= 5120)


@given(st.one_of(st.integers(-2, 5), st.just(2.5), st.just("3"), st.booleans()))
def test_delay_seconds_is_a_whole_number_of_at_least_one(seconds: object) -> None:
    problems = response_problems(_reply({"type": "DELAY", "data": {"seconds": seconds}}))
    fine = isinstance(seconds, int) and not isinstance(seconds, bool) and seconds >= 1
    assert (problems == []) == fine


def test_delay_typing_is_a_boolean() -> None:
    [problem] = response_problems(
        _reply({"type": "DELAY", "data": {"seconds": 4, "typing": "yes"}}))
    assert problem.startswith("$.response[0].data.typing:")


def test_at_most_one_action_per_response() -> None:
    reply = _reply(_action("CLOSE_CONVERSATION", {}), _action("SIGNAL", {"payload": {}}))
    assert response_problems(reply) == ["$.response[1]: a response carries at most one ACTION"]


def test_transfer_names_a_skill_id_or_a_skill_name_not_both() -> None:
    assert response_problems(_reply(_action("TRANSFER", {"skillId": "1234"}))) == []
    assert response_problems(_reply(_action("TRANSFER", {"skillName": "billing"}))) == []
    assert response_problems(_reply(_action("TRANSFER", {"skillId": "1", "skillName": "b"})))
    assert response_problems(_reply(_action("TRANSFER", {})))


def test_transfer_skill_id_is_a_whole_number() -> None:
    assert response_problems(_reply(_action("TRANSFER", {"skillId": "12x"}))) == [
        "$.response[0].data.parameters.skillId: a skill id must be a whole number"]


def test_transfer_with_agent_and_context() -> None:
    parameters = {"skillId": "1234", "agentId": "5678",
                  "transferContext": {"intent": "check-balance", "message": "agent please"}}
    assert response_problems(_reply(_action("TRANSFER", parameters))) == []


def test_close_may_skip_the_survey() -> None:
    assert response_problems(_reply(_action("CLOSE_CONVERSATION", {"withoutPcs": True}))) == []
    assert response_problems(_reply(_action("CLOSE_CONVERSATION", {"withoutPcs": "y"})))


def test_custom_ttr_needs_a_value_and_standard_ttr_has_none() -> None:
    assert response_problems(_reply(_action("CHANGE_TTR", {"ttrType": "URGENT"}))) == []
    custom = {"ttrType": "CUSTOM", "value": 120}
    assert response_problems(_reply(_action("CHANGE_TTR", custom))) == []
    assert response_problems(_reply(_action("CHANGE_TTR", {"ttrType": "CUSTOM"}))) == [
        "$.response[0].data.parameters: a custom TTR needs a `value` (a whole number of at "
        "least 1)"]
    assert response_problems(_reply(_action("CHANGE_TTR", {"ttrType": "URGENT", "value": 3})))


def test_invoke_function_needs_a_uuid_payload_and_fail_on_error() -> None:
    good = {"lambdaUuid": "4f9c233a-e7e6-4af3-b680-59ba20ab8962", "payload": {},
            "failOnError": False}
    assert response_problems(_reply(_action("INVOKE_FUNCTION", good))) == []
    [problem] = response_problems(_reply(_action("INVOKE_FUNCTION", {**good, "lambdaUuid": "x"})))
    assert problem.endswith("a lambdaUuid must be a UUID")
    without = {k: v for k, v in good.items() if k != "failOnError"}
    assert response_problems(_reply(_action("INVOKE_FUNCTION", without)))


def test_signal_and_secure_form_parameters() -> None:
    assert response_problems(_reply(_action("SIGNAL", {"payload": {"test": "value"}}))) == []
    form = {"formId": 4510014332, "title": "Form with only mandatory fields"}
    assert response_problems(_reply(_action("SEND_SECURE_FORM", form))) == []
    assert response_problems(_reply(_action("SEND_SECURE_FORM", {"formId": "x", "title": "t"})))


def test_an_unknown_action_is_named() -> None:
    [problem] = response_problems(_reply(_action("LAUNCH", {})))
    assert problem.startswith("$.response[0].data.name:") and "TRANSFER" in problem


def test_structured_content_is_checked_as_json_pollock() -> None:
    item = {"type": "STRUCTURED_CONTENT", "data": {"structuredContent": {
        "type": "vertical", "elements": [{"type": "button"}]}}}
    [problem] = response_problems(_reply(item))
    assert problem.startswith("$.response[0].data.structuredContent.elements[0]: a button needs")


def test_quick_replies_travel_with_their_message() -> None:
    content = {"quickReplies": quick_replies(["Yes", "No"]), "message": "Sure?"}
    item = {"type": "STRUCTURED_CONTENT", "data": {"structuredContent": content}}
    assert response_problems(_reply(item)) == []
    del content["message"]
    assert response_problems(_reply(item)) == [
        "$.response[0].data.structuredContent: a quick-replies message needs a `message` (text)"]


def test_intent_ids_have_no_white_space_and_appear_once() -> None:
    intent = {"id": "check balance", "description": "", "confidenceScore": 1}
    assert response_problems(_reply(intents=[intent, intent])) == [
        "$.analytics.intents[0].id: an intent id has no white space",
        "$.analytics.intents[1].id: an intent id has no white space",
        "$.analytics.intents[1].id: the intent check balance is listed twice",
    ]


@given(st.floats(min_value=-1, max_value=2, allow_nan=False))
def test_confidence_is_between_0_and_1(score: float) -> None:
    intent = {"id": "a", "description": "", "confidenceScore": score}
    assert (response_problems(_reply(intents=[intent])) == []) == (0 <= score <= 1)


def test_a_non_object_reply_gets_one_problem() -> None:
    assert response_problems([]) == [
        "$: the response must be a Custom Endpoint response (an object), not []"]


# --- WIRE.md 3 ---------------------------------------------------------------------------


def test_functions_reply_with_every_message_shape() -> None:
    reply = {"messages": [
        "hi", {"structuredContent": {"type": "text", "text": "x"}, "metadata": []},
        {"delay": 3, "typing": False}, {"text": "psst", "messageAudience": "AGENTS_AND_MANAGERS"},
        {"structuredContent": {"quickReplies": quick_replies(["Yes"])}},
    ], "context": {"intentId": "a", "intentName": "A", "confidenceScore": 1,
                   "action": "TRANSFER", "actionParameters": {"skill": "bot-escalation"}}}
    assert functions_response_problems(reply) == []


def test_functions_reply_refuses_what_its_shape_cannot_carry() -> None:
    reply = {"messages": [], "context": {"action": "SIGNAL", "actionParameters": {}}}
    [problem] = functions_response_problems(reply)
    assert problem.startswith("$.context.action:")


def test_functions_action_parameters_are_checked() -> None:
    reply = {"messages": [], "context": {"action": "INVOCATION", "actionParameters": {
        "lambdaUuid": "4f9c233a-e7e6-4af3-b680-59ba20ab8962", "payload": {}}}}
    [problem] = functions_response_problems(reply)
    assert problem.startswith("$.context.actionParameters: invocation parameters need")


def test_functions_close_needs_no_parameters_but_transfer_does() -> None:
    close = {"messages": ["bye"], "context": {"action": "CLOSE_CONVERSATION"}}
    assert functions_response_problems(close) == []
    transfer = {"messages": [], "context": {"action": "TRANSFER"}}
    assert functions_response_problems(transfer) == [
        "$.context: the action TRANSFER needs its `actionParameters`"]


def test_functions_message_of_unknown_shape_is_refused() -> None:
    [problem] = functions_response_problems({"messages": [{"image": "x"}], "context": {}})
    assert problem.startswith("$.messages[0]")
