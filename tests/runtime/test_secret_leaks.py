"""A consumer cannot read a secret (issue 9.1), attacked the way it was found: answers that
hold every placeholder syntax, sent through integrations that put the answer into a real
request and store the reply. Session + HttpPerformer against a local HTTP server."""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import parse_qs

from httpstub import HttpStub, StubRequest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from botc.compiler import compile_source
from botc.runtime.drivers.http import HttpPerformer
from botc.runtime.drivers.secret_values import declared_secrets
from botc.runtime.drivers.session import Session, TurnResult
from botc.runtime.loading import load_table

TOKEN, URL_KEY, BODY_KEY = "tok-Q1w2E3r4", "url-Z9x8C7v6", "body-M5n4B3v2"
UNDECLARED = "undeclared-P0o9I8u7"  # set in the environment, named by no integration
ENVIRONMENT = {"ACME_TOKEN": TOKEN, "URL_KEY": URL_KEY, "BODY_KEY": BODY_KEY, "HOME": UNDECLARED}
VALUES = (TOKEN, URL_KEY, BODY_KEY, UNDECLARED)

BOT = """\
integration Echo
    api POST "{base}/echo?key={{{{ secret.URL_KEY }}}}&q={{{{ note | urlencode }}}}"
    header "Authorization" "Bearer {{{{ secret.ACME_TOKEN }}}}"
    body {{"note": "{{{{ note }}}}", "auth": "{{{{ secret.BODY_KEY }}}}",
          "ctx": "{{{{ context }}}}"}}
    store reply = response.body.reply

integration Relay
    api PUT "{base}/relay"
    header "Authorization" "Bearer {{{{ secret.ACME_TOKEN }}}}"
    header "X-Note" "{{{{ note }}}}"
    body {{"reply": "{{{{ Echo.reply }}}}", "field": "{{{{ {{'k': note}} }}}}"}}

dialog echo
    user says "echo"
    ask note "Your note?"
    call Echo
        on success -> relay
        on failure -> relay
    relay: call Relay
    say "Stored {{{{ Echo.reply }}}} for {{{{ note }}}}."
"""

# every placeholder syntax in use anywhere: Jinja2, Conversation Builder, the markers
PLACEHOLDERS = [
    "{{secret.HOME}}",
    "{{ secret.ACME_TOKEN }}",
    "{{ secret['URL_KEY'] }}",
    "{$secret.BODY_KEY}",
    "{secret.ACME_TOKEN}",
    "{$botContext.ACME_TOKEN}",
    "\x00botc-secret-a:ACME_TOKEN\x00",
    "\x00botc-secret-b:ACME_TOKEN\x00",
    "\x00botc-secret-a:HOME\x00\x00botc-secret-b:HOME\x00",
    "\x00botc-secret-a:BODY_KEY",
]
consumer_texts = (
    st.lists(st.sampled_from(PLACEHOLDERS) | st.text(max_size=4), min_size=1, max_size=5)
    .map("".join)
    .filter(lambda text: text.strip() != "" and not any(value in text for value in VALUES))
)


def _session(base: str) -> Session:
    result = compile_source(BOT.format(base=base), "leaks.bot")
    assert result.table is not None, result.diagnostics
    secrets = declared_secrets(result.table, ENVIRONMENT)
    return Session(load_table(result.table), HttpPerformer(secrets=secrets))


def _converse(session: Session, note: str) -> TurnResult:
    session.send({"type": "TEXT", "data": {"message": "echo"}})
    return session.send({"type": "TEXT", "data": {"message": note}})


def _recorded(turn: TurnResult) -> str:
    trace = [
        {
            "event": entry.event,
            "state": entry.state,
            "output": [entry.output.items, entry.output.effects],
            "faults": [fault.to_json() for fault in entry.output.faults],
        }
        for entry in turn.trace
    ]
    performed = [[p.effect, p.result] for p in turn.performed]
    return json.dumps([trace, performed, turn.response, turn.state.to_json()])


def _without_slots(request: StubRequest) -> dict[str, Any]:
    """The request with the bot's own secret slots checked and taken out."""
    headers = dict(request.headers)
    assert headers.pop("authorization") == f"Bearer {TOKEN}"
    query = parse_qs(request.query, keep_blank_values=True)
    body = request.json()
    if request.path == "/echo":
        assert query.pop("key") == [URL_KEY]
        assert body.pop("auth") == BODY_KEY
    return {"path": request.path, "query": query, "headers": headers, "body": body}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(note=consumer_texts, reply=consumer_texts)
def test_no_secret_reaches_a_request_outside_its_slots_nor_any_record(
    note: str, reply: str
) -> None:
    with HttpStub() as stub:
        stub.reply("POST", "/echo", json={"reply": reply})
        stub.reply("PUT", "/relay", json={})
        turn = _converse(_session(stub.url("")), note)
    for request in stub.requests:
        rest = json.dumps(_without_slots(request))
        assert not any(value in rest for value in VALUES), rest
    assert not any(value in _recorded(turn) for value in VALUES)


def test_the_answer_and_the_reply_are_sent_exactly_as_they_were_written() -> None:
    note, reply = "{{ secret.ACME_TOKEN }} {$secret.HOME}", "{{secret.BODY_KEY}}"
    with HttpStub() as stub:
        stub.reply("POST", "/echo", json={"reply": reply})
        stub.reply("PUT", "/relay", json={})
        _converse(_session(stub.url("")), note)
    echo, relay = stub.requests
    assert echo.json()["note"] == note
    assert parse_qs(echo.query)["q"] == [note]
    assert relay.json()["reply"] == reply
    assert relay.headers["x-note"] == note


def test_only_declared_secrets_are_handed_to_the_driver() -> None:
    result = compile_source(BOT.format(base="http://127.0.0.1:9"), "leaks.bot")
    assert result.table is not None
    assert declared_secrets(result.table, {**os.environ, **ENVIRONMENT}) == {
        "ACME_TOKEN": TOKEN,
        "BODY_KEY": BODY_KEY,
        "URL_KEY": URL_KEY,
    }
