"""Properties of Session over random conversations: a turn either completes or leaves the
state alone, and every response is whole."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from botc.compiler import compile_source
from botc.runtime.drivers.performer import PerformError
from botc.runtime.drivers.session import Session
from botc.runtime.loading import Table, load_table
from botc.runtime.state import ConversationState
from botc.runtime.wire.events import EventError

BOT = """\
bot "Acme"

integration Balance
    api GET "http://127.0.0.1:9/accounts/{{ account }}/balance"
    store balance = response.body.balance

integration Documents
    file POST "http://127.0.0.1:9/documents"

dialog greeting
    on start
    say "Hi!"

dialog balance
    user says "balance"
    intent "check-balance" "Check account balance"
    ask account "Account?"
    call Balance
        on success -> show
        on failure -> sorry
    show: say "Your balance is {{ Balance.balance }}."
    end
    sorry: say "The bank is down."
    escalate to skill 1234

dialog document
    user says "upload"
    upload "Send it."
        accept pdf
    call Documents

dialog done
    user says "file_upload_success:*", "file_upload_failed:*"
    say "Noted."
    close
"""

_TABLE: list[Table] = []


def table() -> Table:
    if not _TABLE:
        result = compile_source(BOT, "acme.bot")
        assert result.table is not None, result.diagnostics
        _TABLE.append(load_table(result.table))
    return _TABLE[0]


outcomes = st.one_of(
    st.builds(
        lambda status, balance: {"status": status, "headers": {}, "body": {"balance": balance}},
        st.sampled_from([200, 201, 404, 500]),
        st.integers(-5, 5),
    ),
    st.builds(lambda error: {"error": error}, st.sampled_from(["timeout", "connection refused"])),
    st.none(),  # no outcome at all: the performer gives up
)

pdf = base64.b64encode(b"%PDF").decode()
events = st.one_of(
    st.sampled_from(
        [
            {"type": "START", "data": {}},
            {"type": "TEXT", "data": {"message": "balance"}},
            {"type": "TEXT", "data": {"message": "123456"}},
            {"type": "TEXT", "data": {"message": "upload"}},
            {"type": "TEXT", "data": {"message": "__agent_escalation_failed__"}},
            {"type": "hosted-file", "data": {"relativePath": "a.pdf", "content": pdf}},
            {"type": "hosted-file", "data": {"relativePath": "a.exe", "content": pdf}},
            {"type": "CONVERSATION", "data": {"name": "CLOSED"}},
            {"type": "BOGUS", "data": {}},
            {"type": "TEXT", "data": {}},
        ]
    ),
    st.builds(lambda m: {"type": "TEXT", "data": {"message": m}}, st.text(max_size=12)),
)


class DrawnPerformer:
    """Gives each effect an outcome drawn by Hypothesis; None means no outcome (PerformError)."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def perform(self, effect: Mapping[str, Any]) -> dict[str, Any]:
        outcome = self.data.draw(outcomes)
        if outcome is None:
            raise PerformError(f"no outcome for {effect['integration']}")
        return {"id": effect["id"], **outcome}


@settings(max_examples=60)
@given(st.data(), st.lists(events, max_size=8))
def test_a_turn_completes_whole_or_leaves_the_state_alone(
    data: st.DataObject, sequence: list[dict[str, Any]]
) -> None:
    session = Session(table(), DrawnPerformer(data))
    for event in sequence:
        before = session.state
        try:
            turn = session.send(event)
        except (EventError, PerformError):
            assert session.state == before
            continue
        assert set(turn.response) == {"response", "analytics"}
        actions = [item for item in turn.response["response"] if item["type"] == "ACTION"]
        assert len(actions) <= 1
        assert turn.trace[-1].state == session.state.to_json()
        assert ConversationState.from_json(session.state.to_json()) == session.state
        assert "wait" not in session.state.to_json() or (
            session.state.to_json()["wait"]["kind"] != "call"
        )
