"""`botc serve` under hostile traffic, over real sockets: it refuses cleanly and keeps serving.

Each test attacks a live server the way issue 9 describes — huge integers in a body,
hundreds of slow clients, endless headers, a body that never ends — and then checks
that the server still answers a normal request, that its file descriptors stay bounded
and that its log does not flood.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.api import CONVERSATIONS, create, post, says, text
from service.conftest import SERVICE_BOT
from service.processes import TOKEN, BotServer

MAX_CONNECTIONS = 40
READ_TIMEOUT = 1.0
SLOW_CLIENTS = 200


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[BotServer]:
    """A server with a small connection cap and a short read timeout."""
    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        [
            "--store",
            f"sqlite:///{tmp_path}/c.db",
            "--bot-id",
            "b1",
            "--max-connections",
            str(MAX_CONNECTIONS),
            "--read-timeout",
            str(READ_TIMEOUT),
            "--log-level",
            "info",
        ],
    )
    yield server
    server.stop()


def open_descriptors(server: BotServer) -> int:
    return len(os.listdir(f"/proc/{server.process.pid}/fd"))


def connect(server: BotServer) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    return connection


def answers_normally(server: BotServer, conversation: str) -> bool:
    try:
        with server.client() as client:
            if create(client, conversation).status_code not in (200, 409):
                return False
            return says(post(client, conversation, text("count")))[0].startswith("Count is")
    except Exception:
        return False


def test_an_integer_past_the_digit_limit_is_400_and_the_conversation_goes_on(
    served: BotServer, conversation: str
) -> None:
    with served.client() as client:
        create(client, conversation)
        body = '{"type": "TEXT", "data": {"message": "count"}, "context": {"n": ' + "9" * 5000
        reply = client.post(f"{CONVERSATIONS}/{conversation}/events", content=body + "}}")
        assert reply.status_code == 400
        assert reply.json()["error"] == "malformed JSON body: a number has more than 4300 digits"
        assert says(post(client, conversation, text("count"))) == ["Count is 1."]


def test_slow_clients_are_cut_off_and_the_server_keeps_answering(guarded: BotServer) -> None:
    slow: list[socket.socket] = []
    try:
        for _ in range(SLOW_CLIENTS):
            connection = connect(guarded)
            connection.sendall(b"POST /v1/bots/b1/environments/draft/state HTTP/1.1\r\n")
            slow.append(connection)
        peak = open_descriptors(guarded)
        deadline = time.monotonic() + 10 * READ_TIMEOUT
        while not answers_normally(guarded, "after-slowloris"):
            assert time.monotonic() < deadline, "the server stopped answering"
            time.sleep(0.1)
    finally:
        for connection in slow:
            connection.close()
    assert peak <= MAX_CONNECTIONS + 40
    lines = guarded.stop().splitlines()
    assert len(lines) < 100, f"{len(lines)} log lines"
    assert any('"suppressed"' in line or "too many open" in line for line in lines)


def test_headers_sent_one_byte_at_a_time_are_cut_off_at_the_read_timeout(
    guarded: BotServer,
) -> None:
    connection = connect(guarded)
    request = b"GET /v1/bots/b1/environments HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    started = time.monotonic()
    closed = False
    for byte in request:  # at most len(request) * 0.05 s
        try:
            connection.sendall(bytes([byte]))
        except OSError:
            closed = True
            break
        time.sleep(0.05)
    if not closed:
        connection.settimeout(5)
        closed = connection.recv(100) == b""
    assert closed and time.monotonic() - started < READ_TIMEOUT + 5
    connection.close()


def test_a_body_that_never_arrives_gets_408(guarded: BotServer) -> None:
    with guarded.client() as client:
        create(client, "slow-body")
    connection = connect(guarded)
    head = (
        f"POST {CONVERSATIONS}/slow-body/events HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Length: 1000\r\n\r\n"
    )
    connection.sendall(head.encode() + b'{"type": ')
    connection.settimeout(5)
    answer = b""
    while chunk := connection.recv(4096):  # the server closes the connection after a 408
        answer += chunk
    connection.close()
    assert answer.startswith(b"HTTP/1.1 408") and b"not received within 1 s" in answer


def event_request(conversation: str, body: bytes) -> bytes:
    head = (
        f"POST {CONVERSATIONS}/{conversation}/events HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def read_responses(connection: socket.socket, count: int) -> list[bytes]:
    """`count` whole responses (head and Content-Length body) read off `connection`."""
    received = b""
    responses: list[bytes] = []
    while len(responses) < count:
        end = received.find(b"\r\n\r\n")
        if end >= 0:
            head = received[:end].decode()
            length = next(
                int(line.split(":", 1)[1])
                for line in head.split("\r\n")
                if line.lower().startswith("content-length:")
            )
            if len(received) >= end + 4 + length:
                responses.append(received[: end + 4 + length])
                received = received[end + 4 + length :]
                continue
        chunk = connection.recv(65536)
        assert chunk, f"connection closed after {len(responses)} responses"
        received += chunk
    return responses


def test_a_body_sent_in_pieces_within_the_read_timeout_is_accepted(guarded: BotServer) -> None:
    with guarded.client() as client:
        create(client, "pieces")
    body = json.dumps(text("hello")).encode()
    request = event_request("pieces", body)
    connection = connect(guarded)
    connection.sendall(request[: len(request) - 5])
    time.sleep(READ_TIMEOUT / 2)
    connection.sendall(request[len(request) - 5 :])
    (answer,) = read_responses(connection, 1)
    connection.close()
    assert answer.startswith(b"HTTP/1.1 200")


def test_pipelined_events_are_each_answered_on_one_connection(guarded: BotServer) -> None:
    with guarded.client() as client:
        create(client, "pipelined")
    requests = [
        event_request("pipelined", json.dumps(text(word)).encode()) for word in ("a", "b", "c")
    ]
    connection = connect(guarded)
    connection.sendall(b"".join(requests))
    answers = read_responses(connection, 3)
    connection.close()
    assert all(answer.startswith(b"HTTP/1.1 200") for answer in answers)
    bodies = [json.loads(answer.split(b"\r\n\r\n", 1)[1]) for answer in answers]
    assert all(set(body) == {"response", "analytics"} for body in bodies)


def test_endless_headers_get_431(guarded: BotServer) -> None:
    connection = connect(guarded)
    connection.sendall(b"GET /v1/bots/b1/environments HTTP/1.1\r\nHost: x\r\n")
    answer = b""
    try:
        for _ in range(100):  # 100 x 1 KiB: past the 64 KiB cap
            connection.sendall(b"X-Pad: " + b"p" * 1024 + b"\r\n")
    except OSError:
        pass
    connection.settimeout(5)
    answer = connection.recv(4096)
    connection.close()
    assert answer.startswith(b"HTTP/1.1 431")


def test_a_context_over_the_record_cap_is_refused_with_400(tmp_path: Path) -> None:
    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/c.db", "--bot-id", "b1", "--max-record-bytes", "4096"],
    )
    try:
        with server.client() as client:
            reply = create(client, "big", blob="x" * 5000)
            assert reply.status_code == 400
            assert "over the limit of 4096 bytes (`sdes` and `context`)" in reply.json()["error"]
            assert create(client, "small").status_code == 200
    finally:
        server.stop()
