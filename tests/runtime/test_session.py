"""Session: one turn per incoming event, with every effect performed and fed back."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

import pytest

from botc.compiler import compile_source
from botc.runtime.drivers.performer import PerformError
from botc.runtime.drivers.session import Session
from botc.runtime.drivers.stubs import ScriptedPerformer, StubsExhaustedError, parse_stubs
from botc.runtime.loading import Table, load_table
from botc.runtime.wire.events import EventError

BALANCE_BOT = """\
bot "Acme"

integration Balance
    api GET "http://127.0.0.1:9/accounts/{{ account }}/balance"
    store balance = response.body.balance

dialog greeting
    on start
    say "Hi!"

dialog balance
    user says "balance"
    intent "check-balance" "Check account balance"
    ask account "Account?"
    say "Looking it up."
    call Balance
        on success -> show
        on failure -> sorry
    show: say "Your balance is {{ Balance.balance }}."
    end
    sorry: say "The bank is down."
"""

UPLOAD_BOT = """\
integration Documents
    file POST "http://127.0.0.1:9/documents"

integration Audit
    api POST "http://127.0.0.1:9/audit"

dialog id_card
    user says "upload"
    upload "Please upload your ID card."
        accept pdf
    call Documents
    call Audit
        on success -> logged
        on failure -> logged
    logged: say "Logged."

dialog uploaded
    user says "file_upload_success:*"
    say "Thanks, got it."
"""


def table_of(source: str) -> Table:
    result = compile_source(source, "test.bot")
    assert result.table is not None, result.diagnostics
    return load_table(result.table)


def stubs(**outcomes: list[dict[str, Any]]) -> ScriptedPerformer:
    return ScriptedPerformer(parse_stubs(outcomes))


def text(message: str) -> dict[str, Any]:
    return {"type": "TEXT", "data": {"message": message}}


def messages(response: dict[str, Any]) -> list[str]:
    return [item["data"]["message"] for item in response["response"] if item["type"] == "TEXT"]


class RecordingPerformer:
    """Answers every effect with 200 and remembers the effects, in order."""

    def __init__(self) -> None:
        self.effects: list[dict[str, Any]] = []

    def perform(self, effect: Mapping[str, Any]) -> dict[str, Any]:
        self.effects.append(dict(effect))
        return {"id": effect["id"], "status": 200, "headers": {}, "body": {"balance": 5}}


def test_a_turn_answers_in_the_custom_endpoint_shape() -> None:
    session = Session(table_of(BALANCE_BOT), stubs())
    turn = session.send({"type": "START", "data": {}})
    assert turn.response == {
        "response": [{"type": "TEXT", "data": {"message": "Hi!"}}],
        "analytics": {"intents": []},
    }


def test_a_call_result_is_fed_back_within_the_same_turn() -> None:
    session = Session(
        table_of(BALANCE_BOT), stubs(Balance=[{"status": 200, "body": {"balance": 7}}])
    )
    session.send(text("balance"))
    turn = session.send(text("123456"))
    assert messages(turn.response) == ["Looking it up.", "Your balance is 7."]
    assert [entry.event["type"] for entry in turn.trace] == ["TEXT", "EFFECT_RESULT"]
    [effect] = turn.trace[0].output.effects
    assert turn.trace[1].event["data"]["id"] == effect["id"]


def test_a_failed_call_takes_the_failure_branch() -> None:
    session = Session(table_of(BALANCE_BOT), stubs(Balance=[{"error": "timeout"}]))
    session.send(text("balance"))
    assert messages(session.send(text("123456")).response) == [
        "Looking it up.",
        "The bank is down.",
    ]


def test_the_functions_format_gives_messages_and_context() -> None:
    performer = stubs(Balance=[{"status": 200, "body": {"balance": 7}}])
    session = Session(table_of(BALANCE_BOT), performer, format="functions")
    session.send(text("balance"))
    response = session.send(text("123456")).response
    assert response["messages"] == ["Looking it up.", "Your balance is 7."]
    assert response["context"]["intentId"] == "check-balance"


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown response format"):
        Session(table_of(BALANCE_BOT), stubs(), format="xml")  # type: ignore[arg-type]


def test_intents_of_the_turn_are_listed_once() -> None:
    session = Session(
        table_of(BALANCE_BOT), stubs(Balance=[{"status": 200, "body": {"balance": 1}}])
    )
    session.send(text("balance"))
    intents = session.send(text("123456")).response["analytics"]["intents"]
    assert [intent["id"] for intent in intents] == ["check-balance"]


def test_a_bad_event_is_an_event_error_and_leaves_the_state_alone() -> None:
    session = Session(table_of(BALANCE_BOT), stubs())
    session.send(text("balance"))
    before = session.state
    with pytest.raises(EventError, match="supported types"):
        session.send({"type": "TEXTS", "data": {"message": "hi"}})
    assert session.state == before


def test_an_effect_result_cannot_be_sent_in_as_an_event() -> None:
    session = Session(table_of(BALANCE_BOT), stubs())
    with pytest.raises(EventError, match="fed back by the driver"):
        session.send({"type": "EFFECT_RESULT", "data": {"id": "e1", "status": 200}})


def test_running_out_of_stubs_stops_the_turn_and_leaves_the_state_alone() -> None:
    session = Session(table_of(BALANCE_BOT), stubs())
    session.send(text("balance"))
    before = session.state
    with pytest.raises(StubsExhaustedError, match="Balance"):
        session.send(text("123456"))
    assert session.state == before
    assert isinstance(StubsExhaustedError("Balance", 0), PerformError)


def test_the_trace_holds_each_event_output_and_state() -> None:
    session = Session(table_of(BALANCE_BOT), RecordingPerformer())
    session.send(text("balance"))
    turn = session.send(text("123456"))
    assert len(turn.trace) == 2
    assert turn.trace[0].event == {"type": "TEXT", "data": {"message": "123456"}}
    assert turn.trace[-1].state == turn.state.to_json()
    assert turn.state == session.state
    assert json.loads(json.dumps([entry.state for entry in turn.trace]))  # plain JSON


def test_an_upload_is_performed_after_the_calls_of_the_turn() -> None:
    performer = RecordingPerformer()
    session = Session(table_of(UPLOAD_BOT), performer)
    session.send(text("upload"))
    content = base64.b64encode(b"%PDF").decode()
    turn = session.send(
        {
            "type": "hosted-file",
            "data": {"relativePath": "id.pdf", "fileType": "PDF", "content": content},
        }
    )
    assert [effect["effect"] for effect in performer.effects] == ["http", "upload"]
    assert messages(turn.response)[-2:] == ["Successfully processed the file.", "Thanks, got it."]
    assert messages(turn.response).index("Logged.") < messages(turn.response).index(
        "Thanks, got it."
    )


def test_the_upload_effect_carries_the_bytes_of_the_event() -> None:
    performer = RecordingPerformer()
    session = Session(table_of(UPLOAD_BOT), performer)
    session.send(text("upload"))
    content = base64.b64encode(b"%PDF-1.7").decode()
    turn = session.send(
        {
            "type": "hosted-file",
            "data": {"relativePath": "id.pdf", "fileType": "PDF", "content": content},
        }
    )
    upload = performer.effects[-1]
    assert upload["file"]["content"] == content
    assert content not in json.dumps(turn.state.to_json())


def test_a_failed_upload_sends_the_failure_text_in_the_same_response() -> None:
    performer = stubs(Audit=[{"status": 200}], Documents=[{"status": 500}])
    session = Session(table_of(UPLOAD_BOT), performer)
    session.send(text("upload"))
    content = base64.b64encode(b"%PDF").decode()
    turn = session.send(
        {
            "type": "hosted-file",
            "data": {"relativePath": "id.pdf", "fileType": "PDF", "content": content},
        }
    )
    assert "Failed to process the file. Please try again." in messages(turn.response)


def test_performed_effects_are_listed_with_their_results_in_order() -> None:
    session = Session(table_of(BALANCE_BOT), stubs(Balance=[{"error": "timeout"}]))
    session.send(text("balance"))
    [performed] = session.send(text("123456")).performed
    assert performed.effect["integration"] == "Balance"
    assert performed.effect["url"] == "http://127.0.0.1:9/accounts/123456/balance"
    assert performed.result == {"id": performed.effect["id"], "error": "timeout"}
    assert performed.error == "timeout"


@pytest.mark.parametrize("event", [[1, 2], "START", None, 7])
def test_an_event_that_is_not_an_object_is_an_event_error(event: object) -> None:
    session = Session(table_of(BALANCE_BOT), stubs())
    with pytest.raises(EventError, match="must be a JSON object"):
        session.send(event)
