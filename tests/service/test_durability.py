"""Nothing is lost: `kill -9` and restart on the same SQLite file (and the same Redis,
under load), SIGTERM mid-request."""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from service.api import create, post, says, start, text
from service.conftest import SERVICE_BOT
from service.processes import BankServer, BotServer, RedisServer


def serve_on(
    tmp_path: Path, port: int | None = None, *extra: str, store: str | None = None
) -> BotServer:
    store = store or f"sqlite:///{tmp_path}/conversations.db"
    return BotServer(
        SERVICE_BOT, tmp_path / "serve.log", ["--store", store, "--bot-id", "b1", *extra], port=port
    )


def test_conversation_continues_after_kill_9_and_restart(tmp_path: Path) -> None:
    server = serve_on(tmp_path)
    with server.client() as client:
        create(client, "c1")
        post(client, "c1", start(), sequence=498)
        post(client, "c1", text("count"), sequence=499)
        answered = post(client, "c1", text("count"), sequence=500)
    server.kill()
    restarted = serve_on(tmp_path, server.port)
    try:
        with restarted.client() as client:
            retried = post(client, "c1", text("count"), sequence=500)
            assert retried.json() == answered.json()
            assert says(post(client, "c1", text("count"), sequence=501)) == ["Count is 3."]
            assert create(client, "c1").status_code == 409
    finally:
        restarted.stop()


def test_kill_9_during_a_turn_loses_no_answered_event(tmp_path: Path) -> None:
    server = serve_on(tmp_path)
    answered: list[int] = []
    with server.client() as client:
        create(client, "c1")

    def send_until_killed() -> None:
        with server.client() as client:
            for sequence in range(1, 10_000):
                try:
                    reply = post(client, "c1", text("count"), sequence=sequence)
                except httpx.HTTPError:
                    return
                if reply.status_code == 200:
                    answered.append(sequence)

    sender = threading.Thread(target=send_until_killed)
    sender.start()
    time.sleep(0.5)
    server.kill()
    sender.join()
    restarted = serve_on(tmp_path, server.port)
    try:
        with restarted.client() as client:
            reply = post(client, "c1", text("count"), sequence=100_000)
            count = int(says(reply)[0].removeprefix("Count is ").rstrip("."))
    finally:
        restarted.stop()
    # every answered event counted once; at most the one in flight at the kill counted unseen
    assert len(answered) > 0
    assert count - 1 in (len(answered), len(answered) + 1)


def test_sigterm_finishes_the_request_in_flight(tmp_path: Path) -> None:
    bank = BankServer(upload_seconds=0.0)
    slow = threading.Event()
    server = serve_on(tmp_path)
    try:
        with server.client() as client:
            create(client, "c1", bankPort=bank.port)
            post(client, "c1", text("balance"))
        original = bank.server.RequestHandlerClass.do_GET  # type: ignore[attr-defined]

        def slow_get(handler: object) -> None:
            slow.set()
            time.sleep(1.0)
            original(handler)

        bank.server.RequestHandlerClass.do_GET = slow_get  # type: ignore[attr-defined]
        replies: list[httpx.Response] = []

        def ask_balance() -> None:
            with server.client() as client:
                replies.append(post(client, "c1", text("42")))

        asker = threading.Thread(target=ask_balance)
        asker.start()
        assert slow.wait(10)
        server.process.send_signal(signal.SIGTERM)
        asker.join(20)
        # uvicorn re-raises SIGTERM once it has shut down gracefully
        assert server.process.wait(20) in (0, -signal.SIGTERM)
        assert says(replies[0]) == ["Balance 10."]
    finally:
        log = server.stop()
        bank.stop()
    assert "service stopping" in log


def test_logs_are_json_lines_without_message_text_or_token(tmp_path: Path) -> None:
    server = serve_on(tmp_path)
    with server.client() as client:
        create(client, "c1")
        post(client, "c1", text("count my secret words please"))
        post(client, "c1", {"type": "NOPE"})
    log = server.stop()
    entries = [json.loads(line) for line in log.splitlines() if line.strip()]
    assert any(entry["message"] == "turn" for entry in entries)
    assert "secret words" not in log and server.token not in log  # type: ignore[operator]
    assert all({"time", "level", "message"} <= set(entry) for entry in entries)


def test_kill_9_under_load_loses_no_answered_turn_and_retries_replay(tmp_path: Path) -> None:
    """16 conversations posting at once (group commits of many turns) when the kill comes."""
    kill_9_under_load(lambda port: serve_on(tmp_path, port))


def test_kill_9_under_load_on_redis_loses_no_answered_turn_and_retries_replay(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    """The same on Redis, whose turns send their commands in batches of many turns."""
    kill_9_under_load(lambda port: serve_on(tmp_path, port, store=redis_server.url))


def kill_9_under_load(serve: Callable[[int | None], BotServer]) -> None:
    """16 conversations post at once until `kill -9`; after a restart on the same store
    every answered event is counted once and the last one, retried, is replayed."""
    server = serve(None)
    talks = [f"load-{n}" for n in range(16)]
    answered: dict[str, list[tuple[int, dict[str, object]]]] = {talk: [] for talk in talks}
    with server.client() as client:
        for talk in talks:
            create(client, talk)

    def send_until_killed(talk: str) -> None:
        with server.client() as client:
            for sequence in range(1, 10_000):
                try:
                    reply = post(client, talk, text("count"), sequence=sequence)
                except httpx.HTTPError:
                    return
                if reply.status_code == 200:
                    answered[talk].append((sequence, reply.json()))

    senders = [threading.Thread(target=send_until_killed, args=(talk,)) for talk in talks]
    for sender in senders:
        sender.start()
    deadline = time.monotonic() + 60
    while sum(len(seen) for seen in answered.values()) < 100 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()
    for sender in senders:
        sender.join()
    restarted = serve(server.port)
    try:
        with restarted.client() as client:
            for talk in talks:
                seen = answered[talk]
                if seen:  # the last answered event, retried: its reply, no second turn
                    last, reply = seen[-1]
                    retried = post(client, talk, text("count"), sequence=last)
                    assert retried.headers["botc-retry"] == "replayed"
                    assert retried.json() == reply
                count = int(says(post(client, talk, text("count"), sequence=20_000))[0][9:-1])
                # each answered event counted once; at most the one in flight unseen
                assert count - 1 in (len(seen), len(seen) + 1), (talk, count, len(seen))
    finally:
        restarted.stop()
    assert sum(len(seen) for seen in answered.values()) >= 100
