"""The Python load client of `service_load.py` (used without a C compiler, or with
`--client python`): one keep-alive connection per conversation, an `asyncio.Protocol` on
uvloop that parses each response as its bytes arrive and hands it to the request's
future, each conversation's request head built once, every reply checked (status 200 and
the count). It costs 25-30 µs of CPU per turn; `loadgen.c` does the same in a few.
"""

from __future__ import annotations

import asyncio
import socket
import time
from typing import cast

TOKEN = "load-test-token"
PATH = "/v1/bots/load/environments/draft/conversations/"


class Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol: one
    request at a time, its response parsed in `data_received` as it arrives (the head,
    then `Content-Length` bytes of body) and handed to the request's future."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._received = b""  # the start of a response not yet whole
        self._answer: asyncio.Future[tuple[int, bytes]] | None = None
        self._lost: Exception | None = None

    @classmethod
    async def open(cls, port: int) -> Connection:
        loop = asyncio.get_running_loop()
        _, connection = await loop.create_connection(cls, "127.0.0.1", port)
        return connection

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not subclasses of asyncio.Transport, but behave as one
        self._transport = cast(asyncio.Transport, transport)
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        received = self._received + data if self._received else data
        end = received.find(b"\r\n\r\n")
        whole = -1 if end < 0 else end + 4 + content_length(received[:end])
        if whole < 0 or len(received) < whole:
            self._received = received
            return
        self._received = received[whole:]
        if self._answer is None or self._received:
            self._fail(RuntimeError(f"a response nobody asked for: {received!r}"))
            return
        answer, self._answer = self._answer, None
        answer.set_result((int(received[9:12]), received[end + 4 : whole]))

    def connection_lost(self, error: Exception | None) -> None:
        self._fail(error or ConnectionError("the server closed the connection"))

    def _fail(self, error: Exception) -> None:
        self._lost = error
        if self._answer is not None and not self._answer.done():
            self._answer.set_exception(error)
        self._answer = None

    def send(self, request: bytes) -> asyncio.Future[tuple[int, bytes]]:
        """Send one whole request (head and body); the future holds the status and body."""
        if self._lost is not None:
            raise self._lost
        assert self._transport is not None and self._answer is None, "one request at a time"
        self._answer = asyncio.get_running_loop().create_future()
        self._transport.write(request)
        return self._answer

    async def request(self, method: str, path: str, body: bytes) -> tuple[int, bytes]:
        return await self.send(request_head(method, path, len(body)) + body)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


def content_length(head: bytes) -> int:
    """The `Content-Length` of a response head (without its blank line); 0 when absent."""
    lowered = head.lower()
    at = lowered.find(b"\r\ncontent-length:")
    if at < 0:
        return 0
    line_end = lowered.find(b"\r\n", at + 2)
    return int(lowered[at + 17 : len(lowered) if line_end < 0 else line_end])


def request_head(method: str, path: str, length: int) -> bytes:
    return request_head_start(method, path) + b"%d\r\n\r\n" % length


def request_head_start(method: str, path: str) -> bytes:
    """A request head up to the value of its `content-length` header."""
    return (
        f"{method} {path} HTTP/1.1\r\nhost: load\r\nauthorization: Bearer {TOKEN}\r\n"
        "content-type: application/json\r\ncontent-length: "
    ).encode()


def event_body(sequence: int) -> bytes:
    return (
        b'{"type":"TEXT","source":"CONSUMER","data":{"message":"count"},'
        b'"context":{"lpEvent":{"sequence":%d}}}' % sequence
    )


class Conversation:
    """One conversation on its own connection: its next sequence, its count so far, and
    the start of its event requests' head, built once."""

    def __init__(self, connection: Connection, name: str) -> None:
        self.connection = connection
        self.path = PATH + name
        self.sequence = 0
        self._event_head = request_head_start("POST", self.path + "/events")

    async def create(self) -> None:
        status, body = await self.connection.request("PUT", self.path, b'{"sdes":{},"context":{}}')
        if status != 200:
            raise RuntimeError(f"PUT {self.path}: {status} {body!r}")

    async def turn(self) -> None:
        self.sequence += 1
        body = event_body(self.sequence)
        status, reply = await self.connection.send(
            self._event_head + b"%d\r\n\r\n" % len(body) + body
        )
        if status != 200 or b"Count is %d." % self.sequence not in reply:
            raise RuntimeError(f"{self.path}: unexpected reply {status} {reply[:200]!r}")


async def conversations(port: int, count: int, tag: str) -> list[Conversation]:
    opened = [
        Conversation(await Connection.open(port), f"{tag}-{n}-{time.monotonic_ns()}")
        for n in range(count)
    ]
    await asyncio.gather(*(conversation.create() for conversation in opened))
    return opened


async def closed_loop(talks: list[Conversation], seconds: float) -> list[float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def run(conversation: Conversation) -> None:
        while (started := time.perf_counter()) < deadline:
            await conversation.turn()
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(run(conversation) for conversation in talks))
    return latencies


async def open_loop(talks: list[Conversation], seconds: float, rate: float) -> list[float]:
    """Event i is due at start + i/rate, on conversation i mod N; latency counts from due."""
    latencies: list[float] = []
    start = time.perf_counter() + 0.05
    total = int(seconds * rate)
    per_conversation = len(talks)

    async def run(index: int, conversation: Conversation) -> None:
        for n in range(index, total, per_conversation):
            due = start + n / rate
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            await conversation.turn()
            latencies.append(time.perf_counter() - due)

    await asyncio.gather(*(run(index, talk) for index, talk in enumerate(talks)))
    return latencies
