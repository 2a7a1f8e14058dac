"""The response formats: Custom Endpoint (WIRE.md 2) and Functions (WIRE.md 3)."""

from __future__ import annotations

import pytest
from core_chat import Chat, compile_table
from vendor_schemas import validate_bot_response

from botc.runtime.faults import TableError
from botc.runtime.loading import load_table
from botc.runtime.wire import custom_endpoint, functions
from botc.runtime.wire.functions import FunctionsFormatError, check_table

INTENT = {"id": "check-balance", "description": "Check balance", "confidenceScore": 0.9}
TEXT = {"type": "TEXT", "data": {"message": "Hi"}}


def test_custom_endpoint_response_has_both_keys_when_empty() -> None:
    body = custom_endpoint.response([], [])
    assert body == {"response": [], "analytics": {"intents": []}}
    validate_bot_response(body)


def test_custom_endpoint_response_keeps_items_and_intents_in_order() -> None:
    delay = {"type": "DELAY", "data": {"seconds": 1, "typing": True}}
    body = custom_endpoint.response([TEXT, delay], [INTENT])
    assert body == {"response": [TEXT, delay], "analytics": {"intents": [INTENT]}}
    validate_bot_response(body)


def test_functions_texts_are_strings_and_the_intent_goes_into_the_context() -> None:
    assert functions.response([TEXT], [INTENT]) == {
        "messages": ["Hi"],
        "context": {
            "intentId": "check-balance",
            "intentName": "Check balance",
            "confidenceScore": 0.9,
        },
    }


def test_functions_private_text_keeps_its_audience() -> None:
    item = {"type": "TEXT", "data": {"message": "VIP", "messageAudience": "AGENTS_AND_MANAGERS"}}
    assert functions.response([item], [])["messages"] == [
        {"text": "VIP", "messageAudience": "AGENTS_AND_MANAGERS"}
    ]


def test_functions_structured_content_and_delay() -> None:
    card = {"type": "text", "text": "Tea"}
    items = [
        {
            "type": "STRUCTURED_CONTENT",
            "data": {"structuredContent": card, "metadata": [{"id": "1"}]},
        },
        {"type": "DELAY", "data": {"seconds": 2, "typing": False}},
    ]
    assert functions.response(items, [])["messages"] == [
        {"structuredContent": card, "metadata": [{"id": "1"}]},
        {"delay": 2, "typing": False},
    ]


@pytest.mark.parametrize(
    ("action", "context"),
    [
        (
            {"name": "TRANSFER", "parameters": {"skillId": "12", "agentId": "7"}},
            {"action": "TRANSFER", "actionParameters": {"skill": "12", "agentId": "7"}},
        ),
        (
            {"name": "TRANSFER", "parameters": {"skillName": "billing"}},
            {"action": "TRANSFER", "actionParameters": {"skill": "billing"}},
        ),
        (
            {"name": "CLOSE_CONVERSATION", "parameters": {"withoutPcs": True}},
            {"action": "CLOSE_CONVERSATION", "actionParameters": {"withoutPcs": True}},
        ),
        (
            {"name": "CHANGE_TTR", "parameters": {"ttrType": "CUSTOM", "value": 120}},
            {"action": "CHANGE_TTR", "actionParameters": {"ttrType": "CUSTOM", "value": 120}},
        ),
        (
            {
                "name": "INVOKE_FUNCTION",
                "parameters": {"lambdaUuid": "u", "payload": {"a": 1}, "failOnError": True},
            },
            {
                "action": "INVOCATION",
                "actionParameters": {"lambdaUuid": "u", "payload": {"a": 1}, "failOnError": True},
            },
        ),
    ],
)
def test_functions_action_goes_into_the_context(action: dict, context: dict) -> None:
    body = functions.response([TEXT, {"type": "ACTION", "data": action}], [])
    assert body == {"messages": ["Hi"], "context": context}


@pytest.mark.parametrize("name", ["SIGNAL", "SEND_SECURE_FORM"])
def test_functions_response_refuses_actions_it_cannot_carry(name: str) -> None:
    with pytest.raises(FunctionsFormatError, match=name):
        functions.response([{"type": "ACTION", "data": {"name": name, "parameters": {}}}], [])


def test_functions_check_refuses_a_table_with_a_signal_step(tmp_path) -> None:
    table = compile_table('dialog a\n    user says "go"\n    signal {"x": 1}\n', tmp_path)
    with pytest.raises(FunctionsFormatError) as caught:
        check_table(table)
    assert "line 3: `signal`" in str(caught.value)
    assert "cannot run with --format functions" in str(caught.value)


def test_functions_check_refuses_a_table_with_a_secure_form(tmp_path) -> None:
    table = compile_table('dialog a\n    user says "go"\n    secure form 12 "Card"\n', tmp_path)
    with pytest.raises(FunctionsFormatError, match="secure form"):
        check_table(table)


def test_functions_check_accepts_a_table_without_them(tmp_path) -> None:
    table = compile_table('dialog a\n    user says "go"\n    close\n', tmp_path)
    check_table(table)
    chat = Chat(load_table(table))
    output = chat.user("go")
    assert functions.response(output.items, output.intents)["context"] == {
        "action": "CLOSE_CONVERSATION",
        "actionParameters": {},
    }


def test_loading_for_the_functions_format_refuses_a_signal_step(tmp_path) -> None:
    table = compile_table('dialog a\n    user says "go"\n    signal {"x": 1}\n', tmp_path)
    load_table(table)  # fine for the Custom Endpoint
    with pytest.raises(TableError, match="line 3: `signal`"):
        load_table(table, response_format="functions")
