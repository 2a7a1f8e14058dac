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


@pytest.mark.parametrize(
    "path",
    [
        "/v2/bots/b1/environments/draft/conversations/c1/events",
        "/v1/bots/other/environments/draft/conversations/c1/events",
        "/v1/bots/b1/environments/production/conversations/c1/events",
    ],
)
def test_an_event_under_an_unknown_version_bot_or_environment_is_404_with_a_json_error(
    served: BotServer, path: str
) -> None:
    with served.client() as client:
        reply = client.post(path, json={"type": "TEXT", "data": {"message": "hi"}})
    assert reply.status_code == 404 and "unknown" in reply.json()["error"]


def test_created_conversation_starts_with_the_welcome_dialog(
    conversation: str, served: BotServer
) -> None:
    with served.client() as client:
        assert create(client, conversation).status_code == 200
        assert says(post(client, conversation, start())) == ["Welcome!"]


def test_creating_a_conversation_twice_is_409(conversation: str, served: BotServer) -> None:
    with served.client() as client:
        create(client, conversation)
        reply = create(client, conversation)
    assert reply.status_code == 409 and "already exists" in reply.json()["error"]


def test_event_for_an_unknown_conversation_is_404(served: BotServer) -> None:
    with served.client() as client:
        reply = post(client, "never-created", text("hello"))
    assert reply.status_code == 404 and "not found" in reply.json()["error"]


def test_state_carries_over_between_events(conversation: str, served: BotServer) -> None:
    with served.client() as client:
        create(client, conversation)
        post(client, conversation, text("count"))
        assert says(post(client, conversation, text("count"))) == ["Count is 2."]


def test_retried_sequence_returns_the_stored_reply_not_a_second_turn(
    conversation: str, served: BotServer
) -> None:
    with served.client() as client:
        create(client, conversation)
        first = post(client, conversation, text("count"), sequence=41)
        retried = post(client, conversation, text("count"), sequence=41)
        after = post(client, conversation, text("count"), sequence=42)
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
    conversation: str, served: BotServer, body: bytes, problem: str
) -> None:
    with served.client() as client:
        create(client, conversation)
        post(client, conversation, text("count"))
        reply = client.post(
            f"{CONVERSATIONS}/c1/events", content=body, headers={"Content-Type": "application/json"}
        )
        assert reply.status_code == 400 and problem in reply.json()["error"]
        assert says(post(client, conversation, text("count"))) == ["Count is 2."]


def test_oversized_body_is_400(conversation: str, tmp_path: Path) -> None:
    from service.conftest import SERVICE_BOT

    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/c.db", "--max-body-bytes", "2048"],
    )
    try:
        with server.client() as client:
            create(client, conversation)
            reply = post(client, conversation, text("x" * 4096))
            assert reply.status_code == 400 and "too large" in reply.json()["error"]
            assert says(post(client, conversation, text("count"))) == ["Count is 1."]
    finally:
        server.stop()


def test_integration_is_called_before_the_reply(
    conversation: str, served: BotServer, bank: BankServer
) -> None:
    with served.client() as client:
        create(client, conversation, bankPort=bank.port)
        assert says(post(client, conversation, text("balance"))) == ["Which account?"]
        assert says(post(client, conversation, text("777"))) == ["Balance 10."]
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
    conversation: str, served: BotServer, tmp_path: Path
) -> None:
    import sqlite3

    with served.client() as client:
        create(client, conversation)
        post(client, conversation, text("count"))
        with sqlite3.connect(served.log_path.parent / "conversations.db") as db:
            (record,) = db.execute(
                "SELECT record FROM conversations WHERE key = ?", (f"b1/draft/{conversation}",)
            ).fetchone()
            broken = record.replace('"state":{', '"state":{"noSuchKey":1,')
            # as another process would write it: a new version, which the server re-reads
            db.execute(
                "UPDATE conversations SET record = ?, version = version + 1 WHERE key = ?",
                (broken, f"b1/draft/{conversation}"),
            )
        reply = post(client, conversation, text("count"))
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
    conversation: str, served: BotServer, event: dict[str, object]
) -> None:
    with served.client() as client:
        create(client, conversation)
        reply = post(client, conversation, event)
    assert reply.status_code == 200
    assert set(reply.json()) == {"response", "analytics"}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/health", 404),
        ("DELETE", f"/v1/bots/{BOT}/environments", 405),
        ("GET", f"{CONVERSATIONS}/c1/events", 405),
    ],
)
def test_unknown_paths_and_methods_get_json_errors(
    served: BotServer, method: str, path: str, status: int
) -> None:
    with served.client() as client:
        reply = client.request(method, path)
    assert reply.status_code == status and path in reply.json()["error"]


def test_several_environments_are_listed_and_served(tmp_path: Path, conversation: str) -> None:
    from service.conftest import SERVICE_BOT

    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/c.db", "--env", "draft", "--env", "production"],
    )
    try:
        with server.client() as client:
            listed = client.get("/v1/bots/any-bot/environments").json()
            path = f"/v1/bots/any-bot/environments/production/conversations/{conversation}"
            created = client.put(path, json={"sdes": {}, "context": {}})
            counted = client.post(f"{path}/events", json=text("count"))
    finally:
        server.stop()
    assert listed == ["draft", "production"]
    assert created.status_code == 200 and says(counted) == ["Count is 1."]
