"""`botc serve` with secrets in its environment, attacked with consumer answers and API
replies that hold every placeholder syntax (issue 9.1): no secret value in any reply, in
the SQLite store file, or in the log; the integration's own slots get theirs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from httpstub import HttpStub

from service.api import create, post, says, text
from service.processes import BotServer

TOKEN, UNDECLARED = "tok-served-A1s2D3f4", "undeclared-served-G5h6J7k8"

BOT = """\
integration Echo
    api POST "{base}/echo"
    header "Authorization" "Bearer {{{{ secret.ACME_TOKEN }}}}"
    body {{"note": "{{{{ note }}}}"}}
    store reply = response.body.reply

dialog echo
    user says "echo"
    ask note "Your note?"
    call Echo
        on success -> shown
        on failure -> shown
    shown: say "Stored: {{{{ Echo.reply }}}} / {{{{ note }}}}"
"""

HOSTILE = [
    "{{secret.HOME}}",
    "{{ secret.ACME_TOKEN }}",
    "{$secret.ACME_TOKEN}",
    "{secret.HOME}",
    "\x00botc-secret-a:ACME_TOKEN\x00",
    "\x00botc-secret-a:HOME\x00\x00botc-secret-b:HOME\x00",
]


def test_no_secret_in_replies_store_or_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_TOKEN", TOKEN)
    monkeypatch.setenv("HOME", UNDECLARED)
    replies = []
    with HttpStub() as stub:
        for hostile in HOSTILE:
            stub.reply("POST", "/echo", json={"reply": hostile})
        bot = tmp_path / "echo.bot"
        bot.write_text(BOT.format(base=stub.url("")))
        database = tmp_path / "conversations.db"
        server = BotServer(bot, tmp_path / "serve.log", ["--store", f"sqlite:///{database}"])
        try:
            with server.client() as client:
                for index, hostile in enumerate(HOSTILE):
                    conversation = f"c{index}"
                    assert create(client, conversation).is_success
                    post(client, conversation, text("echo"))
                    replies.append(post(client, conversation, text(hostile)))
        finally:
            log = server.stop()
    assert [request.headers["authorization"] for request in stub.requests] == [
        f"Bearer {TOKEN}"
    ] * len(HOSTILE)
    assert [request.json()["note"] for request in stub.requests] == HOSTILE
    seen = "\n".join(reply.text for reply in replies)
    assert [says(reply) for reply in replies] == [
        [f"Stored: {hostile} / {hostile}"] for hostile in HOSTILE
    ]
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("conversations.db*"))
    for value in (TOKEN, UNDECLARED):
        assert value not in seen
        assert value.encode() not in stored
        assert value not in log
    assert os.environ["HOME"] == UNDECLARED  # the probe really was in the server's environment
