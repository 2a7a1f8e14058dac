"""Steps of LANGUAGE.md 5.1, 5.6 and 5.8 — what each sends or does, driven through `step`."""

from __future__ import annotations

import base64

from core_chat import Chat, actions, kinds, texts


def _run(compile_bot, steps: str) -> Chat:
    body = "\n".join("    " + line for line in steps.strip("\n").splitlines())
    return Chat(
        compile_bot(
            'function recommend "4f9c233a-e7e6-4af3-b680-59ba20ab8962"\n'
            f'dialog go\n    user says "go"\n{body}\n'
        )
    )


def test_say_sends_a_text(compile_bot) -> None:
    output = _run(compile_bot, 'say "Hello."').user("go")
    assert output.items == ({"type": "TEXT", "data": {"message": "Hello."}},)


def test_say_to_agents_sends_a_private_text(compile_bot) -> None:
    output = _run(compile_bot, 'say to agents "VIP customer."').user("go")
    assert output.items[0]["data"] == {
        "message": "VIP customer.",
        "messageAudience": "AGENTS_AND_MANAGERS",
    }


def test_say_with_quick_replies_sends_structured_content_with_the_message(compile_bot) -> None:
    output = _run(compile_bot, 'say "Pick one"\n    quick replies "Yes", "No"').user("go")
    content = output.items[0]["data"]["structuredContent"]
    assert output.items[0]["type"] == "STRUCTURED_CONTENT"
    assert content["message"] == "Pick one"
    replies = content["quickReplies"]["replies"]
    assert [r["title"] for r in replies] == ["Yes", "No"]
    assert [r["click"]["actions"][0]["text"] for r in replies] == ["Yes", "No"]


def test_say_carries_its_metadata(compile_bot) -> None:
    output = _run(
        compile_bot, 'say "Hi"\n    metadata [{"type": "ExternalId", "id": "ABCD1234"}]'
    ).user("go")
    assert output.items[0]["data"]["metadata"] == [{"type": "ExternalId", "id": "ABCD1234"}]


def test_say_carries_valid_encoded_metadata(compile_bot) -> None:
    encoded = base64.b64encode(b'{"a": 1}').decode()
    output = _run(compile_bot, f'say "Hi"\n    encoded metadata "{encoded}"').user("go")
    assert output.items[0]["data"]["encodedMetadata"] == encoded


def test_rendered_encoded_metadata_that_is_not_base64_is_dropped_with_a_fault(compile_bot) -> None:
    chat = _run(
        compile_bot, 'set code = "not base64!"\nsay "Hi"\n    encoded metadata "{{ code }}"'
    )
    output = chat.user("go")
    assert output.items == ({"type": "TEXT", "data": {"message": "Hi"}},)
    assert "not valid base64" in output.faults[0].message
    assert output.faults[0].line is not None


def test_rendered_encoded_metadata_over_5120_characters_is_dropped(compile_bot) -> None:
    chat = _run(
        compile_bot, 'set code = "QUFB" * 1281\nsay "Hi"\n    encoded metadata "{{ code }}"'
    )
    output = chat.user("go")
    assert "encodedMetadata" not in output.items[0]["data"]
    assert "over 5120" in output.faults[0].message


def test_card_renders_its_string_leaves(compile_bot) -> None:
    chat = _run(
        compile_bot,
        'set item = "Tea"\ncard {"type": "vertical", "elements": '
        '[{"type": "text", "text": "{{ item }}"}]}',
    )
    output = chat.user("go")
    assert output.items[0] == {
        "type": "STRUCTURED_CONTENT",
        "data": {
            "structuredContent": {
                "type": "vertical",
                "elements": [{"type": "text", "text": "Tea"}],
            }
        },
    }


def test_pause_sends_a_delay_with_typing(compile_bot) -> None:
    output = _run(compile_bot, "pause 4s").user("go")
    assert output.items == ({"type": "DELAY", "data": {"seconds": 4, "typing": True}},)


def test_pause_without_typing_turns_the_indicator_off(compile_bot) -> None:
    output = _run(compile_bot, "pause 2s without typing").user("go")
    assert output.items[0]["data"] == {"seconds": 2, "typing": False}


def test_set_stores_a_custom_field(compile_bot) -> None:
    chat = _run(compile_bot, 'set total = 2 + 3\nsay "Total {{ total }}."')
    assert texts(chat.user("go")) == ["Total 5."]
    assert chat.state.fields["total"] == 5


def test_set_bot_context_is_read_as_bot_context(compile_bot) -> None:
    chat = _run(compile_bot, 'set botContext.tier = "gold"\nsay "Tier {{ botContext.tier }}."')
    assert texts(chat.user("go")) == ["Tier gold."]
    assert chat.state.bot_context == {"tier": "gold"}


def test_goto_jumps_to_a_label(compile_bot) -> None:
    chat = _run(compile_bot, 'goto last\nsay "Skipped."\nlast: say "Last."')
    assert texts(chat.user("go")) == ["Last."]


def test_goto_dialog_starts_that_dialog(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            'dialog a\n    user says "go"\n    say "A."\n    goto dialog b\n'
            'dialog b\n    user says "bee"\n    say "B."\n'
        )
    )
    assert texts(chat.user("go")) == ["A.", "B."]


def test_end_stops_the_dialog(compile_bot) -> None:
    chat = _run(compile_bot, 'say "One."\nend\nsay "Two."')
    assert texts(chat.user("go")) == ["One."]
    assert chat.state.dialog is None


def test_user_message_is_the_consumers_last_text(compile_bot) -> None:
    chat = _run(compile_bot, 'say "You said {{ user.message }}."')
    assert texts(chat.user("Go!")) == ["You said Go!."]


def test_invoke_sends_an_invoke_function_action(compile_bot) -> None:
    output = _run(compile_bot, 'invoke recommend payload {"n": 1} fail on error').user("go")
    assert actions(output) == [
        {
            "name": "INVOKE_FUNCTION",
            "parameters": {
                "lambdaUuid": "4f9c233a-e7e6-4af3-b680-59ba20ab8962",
                "payload": {"n": 1},
                "failOnError": True,
            },
        }
    ]


def test_signal_sends_a_signal_action(compile_bot) -> None:
    output = _run(compile_bot, 'signal {"state": "away"}').user("go")
    assert actions(output) == [{"name": "SIGNAL", "parameters": {"payload": {"state": "away"}}}]


def test_secure_form_sends_its_id_and_rendered_title(compile_bot) -> None:
    output = _run(compile_bot, 'secure form 4510014332 "Card for {{ user.message }}"').user("go")
    assert actions(output) == [
        {"name": "SEND_SECURE_FORM", "parameters": {"formId": 4510014332, "title": "Card for go"}}
    ]


def test_close_sends_close_conversation(compile_bot) -> None:
    output = _run(compile_bot, "close").user("go")
    assert actions(output) == [{"name": "CLOSE_CONVERSATION", "parameters": {}}]


def test_close_without_survey_skips_the_survey(compile_bot) -> None:
    output = _run(compile_bot, "close without survey").user("go")
    assert actions(output) == [{"name": "CLOSE_CONVERSATION", "parameters": {"withoutPcs": True}}]


def test_priority_urgent_changes_the_ttr(compile_bot) -> None:
    output = _run(compile_bot, "priority urgent").user("go")
    assert actions(output) == [{"name": "CHANGE_TTR", "parameters": {"ttrType": "URGENT"}}]


def test_priority_custom_sends_its_seconds(compile_bot) -> None:
    output = _run(compile_bot, "priority custom 120s").user("go")
    assert actions(output) == [
        {"name": "CHANGE_TTR", "parameters": {"ttrType": "CUSTOM", "value": 120}}
    ]


def test_items_go_out_in_step_order(compile_bot) -> None:
    output = _run(compile_bot, 'say "A."\npause 1s\nsay "B."\nclose').user("go")
    assert kinds(output) == ["TEXT", "DELAY", "TEXT", "ACTION:CLOSE_CONVERSATION"]


def test_intent_of_a_dialog_that_sent_items_is_reported(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            'dialog a\n    user says "go"\n    intent "greet" "Greeting" confidence 0.8\n'
            '    say "Hi."\n    goto dialog b\n'
            'dialog b\n    user says "bee"\n    intent "bee" "Bee"\n    say "B."\n'
        )
    )
    assert chat.user("go").intents == (
        {"id": "greet", "description": "Greeting", "confidenceScore": 0.8},
        {"id": "bee", "description": "Bee", "confidenceScore": 1.0},
    )


def test_dialog_that_sent_nothing_reports_no_intent(compile_bot) -> None:
    chat = Chat(
        compile_bot('dialog a\n    user says "go"\n    intent "quiet" "Quiet"\n    set x = 1\n')
    )
    assert chat.user("go").intents == ()


def test_context_of_the_request_is_available_as_context(compile_bot) -> None:
    chat = _run(compile_bot, 'say "Hello {{ context.sdes.name }}."')
    event = {"type": "TEXT", "data": {"message": "go"}, "context": {"sdes": {"name": "Ann"}}}
    assert texts(chat.send(event)) == ["Hello Ann."]


def test_conversation_builder_variable_forms_mean_the_same(compile_bot) -> None:
    chat = _run(
        compile_bot,
        'set botContext.tier = "gold"\nsay "{$botContext.tier} / {$userMessage}"',
    )
    assert texts(chat.user("go")) == ["gold / go"]


def test_invoke_payload_string_leaves_are_templates(compile_bot) -> None:
    chat = _run(
        compile_bot, 'set genre = "Sci-Fi"\ninvoke recommend payload {"g": "{{ genre | lower }}"}'
    )
    assert actions(chat.user("go"))[0]["parameters"]["payload"] == {"g": "sci-fi"}


def test_signal_payload_string_leaves_are_templates(compile_bot) -> None:
    chat = _run(compile_bot, 'signal {"said": "{{ user.message }}", "n": 2}')
    assert actions(chat.user("go"))[0]["parameters"] == {"payload": {"said": "go", "n": 2}}


def test_metadata_string_leaves_are_templates(compile_bot) -> None:
    chat = _run(
        compile_bot, 'say "Hi"\n    metadata [{"type": "ExternalId", "id": "{{ user.message }}-1"}]'
    )
    assert chat.user("go").items[0]["data"]["metadata"] == [{"type": "ExternalId", "id": "go-1"}]
