"""A bot's integrations and uploads performed for real: Session + HttpPerformer against a
local HTTP server (real sockets, multipart parsed on the server side)."""

from __future__ import annotations

import base64
import json
from typing import Any

from httpstub import HttpStub, closed_port

from botc.compiler import compile_source
from botc.runtime.drivers.http import HttpPerformer
from botc.runtime.drivers.session import Session, TurnResult
from botc.runtime.loading import load_table

SECRET = "tok-9f8e7d6c5b4a"


def balance_bot(base_url: str, *, timeout: str = "5s", store: bool = True) -> str:
    stores = "    store balance = response.body.balance\n" if store else ""
    return f"""\
integration Balance
    api GET "{base_url}/accounts/{{{{ account }}}}/balance"
    header "Authorization" "Bearer {{{{ secret.ACME_TOKEN }}}}"
    timeout {timeout}
{stores}
dialog balance
    user says "balance"
    ask account "Account?"
    call Balance
        on success -> show
        on failure -> sorry
    show: say "Balance: {{{{ Balance.balance if Balance.balance is defined else 'ok' }}}}."
    end
    sorry: say "Sorry, status {{{{ Balance.status }}}}."
"""


def upload_bot(base_url: str) -> str:
    return f"""\
integration Documents
    file POST "{base_url}/documents"
    header "X-Api-Key" "{{{{ secret.DOCS_KEY }}}}"

dialog id_card
    user says "upload"
    upload "Please upload your ID card."
        accept pdf, png
    call Documents
"""


def session_for(source: str, environ: dict[str, str]) -> Session:
    result = compile_source(source, "http.bot")
    assert result.table is not None, result.diagnostics
    return Session(load_table(result.table), HttpPerformer(secrets=environ))


def ask_balance(session: Session) -> TurnResult:
    session.send({"type": "TEXT", "data": {"message": "balance"}})
    return session.send({"type": "TEXT", "data": {"message": "123456"}})


def texts(turn: TurnResult) -> list[str]:
    return [item["data"]["message"] for item in turn.response["response"]]


def everything_recorded(turn: TurnResult) -> str:
    entries: list[Any] = [
        {
            "event": e.event,
            "state": e.state,
            "effects": e.output.effects,
            "faults": [f.to_json() for f in e.output.faults],
        }
        for e in turn.trace
    ]
    return json.dumps([entries, turn.response, turn.state.to_json()])


def test_a_call_reaches_the_server_with_its_secret_and_stores_the_reply() -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/accounts/123456/balance", json={"balance": 42})
        turn = ask_balance(session_for(balance_bot(stub.url("")), {"ACME_TOKEN": SECRET}))
    assert texts(turn) == ["Balance: 42."]
    assert stub.requests[0].headers["authorization"] == f"Bearer {SECRET}"


def test_the_secret_never_enters_the_trace_the_state_or_the_response() -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/accounts/123456/balance", json={"balance": 42})
        turn = ask_balance(session_for(balance_bot(stub.url("")), {"ACME_TOKEN": SECRET}))
    assert SECRET not in everything_recorded(turn)


def test_a_missing_secret_fails_the_call_and_sends_no_request() -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/accounts/123456/balance", json={"balance": 42})
        turn = ask_balance(session_for(balance_bot(stub.url("")), {}))
    assert texts(turn) == ["Sorry, status ."]
    assert stub.requests == []
    assert "ACME_TOKEN" in json.dumps(turn.trace[-1].event)


def test_a_server_slower_than_the_timeout_fails_the_call() -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/accounts/123456/balance", json={"balance": 1}, delay=1.0)
        source = balance_bot(stub.url(""), timeout="250ms")
        turn = ask_balance(session_for(source, {"ACME_TOKEN": SECRET}))
    assert texts(turn) == ["Sorry, status ."]
    assert turn.trace[-1].event["data"]["error"] == "timeout"


def test_a_refused_connection_fails_the_call() -> None:
    source = balance_bot(f"http://127.0.0.1:{closed_port()}")
    turn = ask_balance(session_for(source, {"ACME_TOKEN": SECRET}))
    assert texts(turn) == ["Sorry, status ."]


def test_a_non_2xx_reply_fails_the_call_with_its_status() -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/accounts/123456/balance", status=503, json={"balance": 1})
        turn = ask_balance(session_for(balance_bot(stub.url("")), {"ACME_TOKEN": SECRET}))
    assert texts(turn) == ["Sorry, status 503."]


def test_a_non_json_body_fails_a_call_that_stores_from_it() -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/accounts/123456/balance", text="maintenance")
        turn = ask_balance(session_for(balance_bot(stub.url("")), {"ACME_TOKEN": SECRET}))
    assert texts(turn) == ["Sorry, status 200."]


def test_a_non_json_body_is_fine_for_a_call_that_stores_nothing() -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/accounts/123456/balance", text="maintenance")
        source = balance_bot(stub.url(""), store=False)
        turn = ask_balance(session_for(source, {"ACME_TOKEN": SECRET}))
    assert texts(turn) == ["Balance: ok."]


def test_an_uploaded_file_arrives_as_multipart_and_the_outcome_is_in_the_same_response() -> None:
    content = b"\x89PNG\r\n\x1a\n-bytes"
    with HttpStub() as stub:
        stub.reply("POST", "/documents", status=201, json={"stored": True})
        session = session_for(upload_bot(stub.url("")), {"DOCS_KEY": "k-123"})
        session.send({"type": "TEXT", "data": {"message": "upload"}})
        turn = session.send(
            {
                "type": "hosted-file",
                "data": {
                    "relativePath": "scans/id.png",
                    "fileType": "PNG",
                    "content": base64.b64encode(content).decode(),
                },
            }
        )
    [request] = stub.requests_to("/documents")
    [part] = request.multipart()
    assert (part.name, part.filename, part.content_type, part.content) == (
        "file",
        "id.png",
        "image/png",
        content,
    )
    assert request.headers["x-api-key"] == "k-123"
    assert texts(turn) == ["Processing the file...", "Successfully processed the file."]


def test_an_upload_without_bytes_fails_in_the_same_response() -> None:
    with HttpStub() as stub:
        stub.reply("POST", "/documents", status=201)
        session = session_for(upload_bot(stub.url("")), {"DOCS_KEY": "k"})
        session.send({"type": "TEXT", "data": {"message": "upload"}})
        turn = session.send(
            {"type": "hosted-file", "data": {"relativePath": "id.pdf", "fileType": "PDF"}}
        )
    assert stub.requests == []
    assert texts(turn)[-1] == "Failed to process the file. Please try again."
