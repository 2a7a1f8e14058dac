"""Escalations (LANGUAGE.md 5.5) and escalation failures (5.7)."""

from __future__ import annotations

from core_chat import Chat, actions, kinds, texts

from botc.runtime.defaults import ERROR_TEXT, ESCALATION_MESSAGE, ESCALATION_STOPPED_TEXT

FAILED = "__agent_escalation_failed__"


def _bot(compile_bot, step: str, settings: str = "") -> Chat:
    return Chat(
        compile_bot(
            f"{settings}"
            "dialog help\n"
            '    user says "agent"\n'
            '    intent "agent" "Talk to an agent"\n'
            f"    {step}\n"
            "dialog failed\n"
            f'    user says "{FAILED}"\n'
            '    say "Transfer failed."\n'
        )
    )


def test_escalate_sends_its_message_then_a_transfer_to_the_skill(compile_bot) -> None:
    output = _bot(compile_bot, 'escalate to skill 1234 "Hold on."').user("agent")
    assert output.items == (
        {"type": "TEXT", "data": {"message": "Hold on."}},
        {"type": "ACTION", "data": {"name": "TRANSFER", "parameters": {"skillId": "1234"}}},
    )


def test_escalate_without_a_message_sends_the_default_message(compile_bot) -> None:
    output = _bot(compile_bot, "escalate to skill 1234").user("agent")
    assert texts(output) == [ESCALATION_MESSAGE]


def test_escalate_silently_sends_only_the_transfer(compile_bot) -> None:
    output = _bot(compile_bot, "escalate to skill 1234 silently").user("agent")
    assert kinds(output) == ["ACTION:TRANSFER"]


def test_escalate_to_a_named_skill_sends_the_name(compile_bot) -> None:
    output = _bot(compile_bot, 'escalate to skill named "Billing" silently').user("agent")
    assert actions(output)[0]["parameters"] == {"skillName": "Billing"}


def test_escalate_to_an_agent_adds_the_agent_id(compile_bot) -> None:
    output = _bot(compile_bot, "escalate to skill 1234 agent 5678 silently").user("agent")
    assert actions(output)[0]["parameters"] == {"skillId": "1234", "agentId": "5678"}


def test_escalate_with_context_passes_intent_and_last_message(compile_bot) -> None:
    output = _bot(compile_bot, "escalate to skill 1234 silently with context").user("Agent!")
    assert actions(output)[0]["parameters"] == {
        "skillId": "1234",
        "transferContext": {"intent": "agent", "message": "Agent!"},
    }


def test_rendered_skill_id_is_used(compile_bot) -> None:
    chat = _bot(
        compile_bot, 'set botContext.skill = 42\n    escalate to skill "{{ botContext.skill }}"'
    )
    assert actions(chat.user("agent"))[0]["parameters"] == {"skillId": "42"}


def test_skill_id_that_is_not_a_whole_number_sends_the_default_response(compile_bot) -> None:
    chat = _bot(compile_bot, 'escalate to skill "{{ user.message }}" "Hold on."')
    output = chat.user("agent")
    assert texts(output) == [ERROR_TEXT]
    assert actions(output) == []
    assert "not a whole number" in output.faults[0].message


def test_skill_id_failure_uses_the_bots_default_response(compile_bot) -> None:
    chat = _bot(
        compile_bot,
        'escalate to skill "{{ user.message }}"',
        settings='bot "B"\n    default response "Oops."\n',
    )
    assert texts(chat.user("agent")) == ["Oops."]


def test_escalation_failures_are_routed_until_the_limit(compile_bot) -> None:
    chat = _bot(compile_bot, "escalate to skill 1234")
    chat.user("agent")
    assert [texts(chat.user(FAILED)) for _ in range(3)] == [["Transfer failed."]] * 3


def test_fourth_escalation_failure_stops_with_the_stop_text(compile_bot) -> None:
    chat = _bot(compile_bot, "escalate to skill 1234")
    for _ in range(3):
        chat.user(FAILED)
    output = chat.user(FAILED)
    assert texts(output) == [ESCALATION_STOPPED_TEXT]
    assert chat.state.escalation_failures == 0


def test_escalation_count_starts_again_after_the_stop(compile_bot) -> None:
    chat = _bot(compile_bot, "escalate to skill 1234")
    for _ in range(4):
        chat.user(FAILED)
    assert texts(chat.user(FAILED)) == ["Transfer failed."]


def test_consumer_writing_resets_the_escalation_count(compile_bot) -> None:
    chat = _bot(compile_bot, "escalate to skill 1234")
    for _ in range(3):
        chat.user(FAILED)
    chat.user("hello")
    assert texts(chat.user(FAILED)) == ["Transfer failed."]


def test_platform_texts_do_not_reset_the_escalation_count(compile_bot) -> None:
    chat = _bot(compile_bot, "escalate to skill 1234")
    for _ in range(3):
        chat.user(FAILED)
    chat.user("file_upload_failed:Nope.")
    assert texts(chat.user(FAILED)) == [ESCALATION_STOPPED_TEXT]


def test_escalation_attempts_setting_sets_the_limit(compile_bot) -> None:
    chat = _bot(
        compile_bot,
        "escalate to skill 1234",
        settings='bot "B"\n    default response "We cannot transfer you."\n'
        "    escalation attempts 2\n",
    )
    chat.user(FAILED)
    assert texts(chat.user(FAILED)) == ["We cannot transfer you."]
