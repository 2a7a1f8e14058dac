"""`botc serve` over real sockets: the four routes, errors as JSON, state left untouched."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from service.api import BOT, CONVERSATIONS, create, post, says, start, text
from service.processes import BankServer, BotServer


def test_environments_lists_the_served_environment(served: BotServer) -> None:
    with served.client() as client:
        reply = client.get(f"/v1/bots/{BOT}/environments")
    assert reply.status_code == 200 and reply.json() == ["draft"]


def test_state_is_online_with_a_version(served: BotServer) -> None:
    with served.client() as client:
        reply = client.get(f"/v1/bots/{BOT}/environments/draft/state")
    assert reply.status_code == 200
    assert reply.json()["state"] == "online" and reply.json()["version"]


@pytest.mark.parametrize(
    "path",
    [
        "/v2/bots/b1/environments",
        "/v1/bots/other/environments",
        "/v1/bots/b1/environments/production/state",
    ],
)
def test_unknown_version_bot_or_environment_is_404_with_a_json_error(
    served: BotServer, path: str
) -> None:
    with served.client() as client:
        reply = client.get(path)
    assert reply.status_code == 404 and "unknown" in reply.json()["error"]


def test_created_conversation_starts_with_the_welcome_dialog(served: BotServer) -> None:
    with served.client() as client:
        assert create(client, "c1").status_code == 200
        assert says(post(client, "c1", start())) == ["Welcome!"]


def test_creating_a_conversation_twice_is_409(served: BotServer) -> None:
    with served.client() as client:
        create(client, "c1")
        reply = create(client, "c1")
    assert reply.status_code == 409 and "already exists" in reply.json()["error"]


def test_event_for_an_unknown_conversation_is_404(served: BotServer) -> None:
    with served.client() as client:
        reply = post(client, "never-created", text("hello"))
    assert reply.status_code == 404 and "not found" in reply.json()["error"]


def test_state_carries_over_between_events(served: BotServer) -> None:
    with served.client() as client:
        create(client, "c1")
        post(client, "c1", text("count"))
        assert says(post(client, "c1", text("count"))) == ["Count is 2."]


def test_retried_sequence_returns_the_stored_reply_not_a_second_turn(served: BotServer) -> None:
    with served.client() as client:
        create(client, "c1")
        first = post(client, "c1", text("count"), sequence=41)
        retried = post(client, "c1", text("count"), sequence=41)
        after = post(client, "c1", text("count"), sequence=42)
    assert retried.json() == first.json()
    assert says(after) == ["Count is 2."]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"type": "TEXT", "data": {"message": ', "malformed JSON"),
        (b'{"type": "TYPING", "data": {}}', "unsupported event type 'TYPING'"),
        (b'{"type": "EFFECT_RESULT", "data": {"id": "e1", "status": 200}}', "unsupported"),
        (b'{"type": "TEXT", "data": {"message": 5}}', "data.message"),
        (b"[1, 2]", "must be a JSON object"),
    ],
)
def test_bad_event_is_400_and_leaves_the_state_alone(
    served: BotServer, body: bytes, problem: str
) -> None:
    with served.client() as client:
        create(client, "c1")
        post(client, "c1", text("count"))
        reply = client.post(
            f"{CONVERSATIONS}/c1/events", content=body, headers={"Content-Type": "application/json"}
        )
        assert reply.status_code == 400 and problem in reply.json()["error"]
        assert says(post(client, "c1", text("count"))) == ["Count is 2."]


def test_oversized_body_is_400(tmp_path: Path) -> None:
    from service.conftest import SERVICE_BOT

    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/c.db", "--max-body-bytes", "2048"],
    )
    try:
        with server.client() as client:
            create(client, "c1")
            reply = post(client, "c1", text("x" * 4096))
            assert reply.status_code == 400 and "too large" in reply.json()["error"]
            assert says(post(client, "c1", text("count"))) == ["Count is 1."]
    finally:
        server.stop()


def test_integration_is_called_before_the_reply(served: BotServer, bank: BankServer) -> None:
    with served.client() as client:
        create(client, "c1", bankPort=bank.port)
        assert says(post(client, "c1", text("balance"))) == ["Which account?"]
        assert says(post(client, "c1", text("777"))) == ["Balance 10."]
    assert bank.calls == {"777": 1}


def test_requests_without_the_right_token_are_401(served: BotServer) -> None:
    with httpx.Client(base_url=served.base_url) as client:
        missing = client.get(f"/v1/bots/{BOT}/environments")
        wrong = client.get(
            f"/v1/bots/{BOT}/environments", headers={"Authorization": "Bearer wrong"}
        )
    assert missing.status_code == 401 and wrong.status_code == 401
    assert "error" in wrong.json()


def test_corrupt_stored_state_is_a_json_500_not_a_traceback(
    served: BotServer, tmp_path: Path
) -> None:
    import sqlite3

    with served.client() as client:
        create(client, "c1")
        post(client, "c1", text("count"))
        with sqlite3.connect(tmp_path / "conversations.db") as db:
            (record,) = db.execute("SELECT record FROM conversations").fetchone()
            broken = record.replace('"state":{', '"state":{"noSuchKey":1,')
            db.execute("UPDATE conversations SET record = ?", (broken,))
        reply = post(client, "c1", text("count"))
    assert reply.status_code == 500 and "internal error" in reply.json()["error"]
    assert "Traceback" not in reply.text


@pytest.mark.parametrize(
    "event",
    [
        {"type": "START", "data": {}},
        {"type": "RICH_CONTENT", "data": {"content": {"type": "map", "la": 1.5, "lo": 2.5}}},
        {"type": "SIGNAL", "data": {"content": "payload"}},
        {"type": "CONVERSATION", "data": {"name": "TRANSFERRED"}},
        {"type": "CONVERSATION", "data": {"name": "CLOSED"}},
        {"type": "CLOSE_CONVERSATION", "data": {}},
        {"type": "hosted-file", "data": {"relativePath": "a.pdf", "fileType": "PDF"}},
    ],
    ids=lambda event: f"{event['type']}-{event['data'].get('name', '')}",
)
def test_every_event_type_of_the_wire_format_is_answered(
    served: BotServer, event: dict[str, object]
) -> None:
    with served.client() as client:
        create(client, "c1")
        reply = post(client, "c1", event)
    assert reply.status_code == 200
    assert set(reply.json()) == {"response", "analytics"}
