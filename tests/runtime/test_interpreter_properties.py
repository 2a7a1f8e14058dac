"""Properties of `step` over generated conversations: pure, deterministic, total, small."""

from __future__ import annotations

import functools
import json
from typing import Any

from core_chat import Chat, compile_text
from hypothesis import given, settings
from hypothesis import strategies as st

from botc.runtime.interpreter import merge_outputs, step
from botc.runtime.loading import Table, load_table
from botc.runtime.state import ConversationState
from botc.runtime.wire.events import parse_event

BANK_BOT = """
bot "Acme Bank"
    default response "Sorry, something went wrong on our side."

integration Balance
    api GET "http://127.0.0.1:8080/accounts/{{ account }}/balance"
    header "Authorization" "Bearer {{ secret.ACME_TOKEN }}"
    store balance = response.body.data.balance

integration Documents
    file POST "http://127.0.0.1:8080/upload"

dialog greeting
    on start
    say "Hi! I can check your balance or get you an agent."

dialog balance
    user says "balance", "* my balance *"
    intent "check-balance" "Check account balance"
    ask account "What is your six-digit account number?"
        quick replies "123456", "654321"
        when answer is matching("^[0-9]{6}$") -> lookup
        otherwise -> bad_number
    bad_number: say "That doesn't look like an account number."
    goto dialog balance
    lookup: call Balance
        on success -> show
        on failure -> sorry
    show: say "Your balance is {{ Balance.balance }}."
    end
    sorry: say "I couldn't reach the bank right now."
    escalate to skill 1234 "Hold on while I connect you with an agent."

dialog documents
    user says "upload"
    upload "Please upload your ID."
        accept pdf, png
    call Documents
    say "Thanks."

dialog uploaded
    user says "file_upload_success:*"
    say "Stored."

dialog agent_failed
    user says "__agent_escalation_failed__"
    say "Sorry, the transfer failed."

dialog location
    on rich content
    say "Location received."

dialog fallback
    on fallback
    say "Sorry, I didn't get that. Try 'balance'."
"""

TEXTS = [
    "balance",
    "so what is my balance",
    "123456",
    "12",
    "upload",
    "hello",
    "__agent_escalation_failed__",
    "file_upload_success:Done.",
    "file_upload_failed:No.",
]


@functools.cache
def bank() -> Table:
    return load_table(compile_text(BANK_BOT, filename="bank.bot"))


def _event(draw: st.DrawFn, state: ConversationState) -> dict[str, Any]:
    pending = [u.effect for u in state.pending_uploads]
    if state.wait is not None and state.wait.effect is not None:
        pending.append(state.wait.effect)
    choices = ["text", "text", "start", "file", "rich", "close"] + ["result"] * 3 * bool(pending)
    kind = draw(st.sampled_from(choices))
    if kind == "text":
        text = draw(st.sampled_from(TEXTS) | st.text(max_size=8))
        return {"type": "TEXT", "data": {"message": text}}
    if kind == "start":
        last = draw(st.none() | st.sampled_from(TEXTS))
        return {"type": "START", "data": {}, "context": {"lpEvent": {"lastConsumerMessage": last}}}
    if kind == "file":
        name = draw(st.sampled_from(["id.pdf", "id.PNG", "x.exe", "noext"]))
        size = draw(st.none() | st.integers(0, 6 * 1024 * 1024))
        return {"type": "hosted-file", "data": {"relativePath": name, "size": size}}
    if kind == "rich":
        return {"type": "RICH_CONTENT", "data": {"content": {"type": "map", "la": 1, "lo": 2}}}
    if kind == "close":
        return {
            "type": "CONVERSATION",
            "data": {"name": draw(st.sampled_from(["STARTED", "CLOSED"]))},
        }
    outcome = draw(
        st.sampled_from(
            [
                {"status": 200, "body": {"data": {"balance": 3}}},
                {"status": 500},
                {"error": "timeout"},
                {"status": 200, "body": "text"},
            ]
        )
    )
    return {"type": "EFFECT_RESULT", "data": {"id": draw(st.sampled_from(pending)), **outcome}}


@st.composite
def conversations(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Event sequences for the bank bot; effect results answer effects really pending."""
    state = ConversationState.initial()
    events = []
    for _ in range(draw(st.integers(1, 12))):
        event = _event(draw, state)
        state, _ = step(bank(), state, parse_event(event))
        events.append(event)
    return events


@settings(max_examples=60)
@given(st.data())
def test_same_table_state_and_event_give_the_same_output(data: st.DataObject) -> None:
    table = bank()
    events = data.draw(conversations())
    state = ConversationState.initial()
    for event in events:
        first = step(table, state, parse_event(event))
        again = step(table, ConversationState.from_json(state.to_json()), parse_event(event))
        assert first == again
        state = first[0]


@settings(max_examples=60)
@given(st.data())
def test_every_response_validates_and_the_state_round_trips(data: st.DataObject) -> None:
    chat = Chat(bank())  # Chat checks the vendor schemas and the JSON round trip each step
    for event in data.draw(conversations()):
        chat.send(event)


@settings(max_examples=60)
@given(st.data())
def test_a_turn_never_carries_two_actions(data: st.DataObject) -> None:
    chat = Chat(bank())
    turn: list[Any] = []
    for event in data.draw(conversations()):
        output = chat.send(event)
        turn = [*turn, output] if event["type"] == "EFFECT_RESULT" else [output]
        merged = merge_outputs(turn)
        assert sum(item["type"] == "ACTION" for item in merged.items) <= 1


@settings(max_examples=60)
@given(st.data())
def test_secrets_never_enter_state_items_or_faults(data: st.DataObject) -> None:
    chat = Chat(bank())
    for event in data.draw(conversations()):
        output = chat.send(event)
        visible = json.dumps([chat.state.to_json(), output.items, [str(f) for f in output.faults]])
        assert "secret" not in visible


def test_state_after_an_example_conversation_is_under_one_kilobyte() -> None:
    chat = Chat(bank())
    chat.start()
    chat.user("what is my balance")
    chat.user("123456")
    chat.result(status=200, body={"data": {"balance": 12.5}})
    chat.user("upload")
    effect = chat.file("id.pdf", size=2048).effects[0]
    chat.result(effect["id"], status=201)
    chat.user("balance")
    chat.user("000000")
    chat.result(error="timeout")
    chat.user("__agent_escalation_failed__")
    size = len(json.dumps(chat.state.to_json(), separators=(",", ":")))
    assert size <= 1024, chat.state.to_json()
