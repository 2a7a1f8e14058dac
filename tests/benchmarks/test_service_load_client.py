"""The Python load client of `benchmarks/service_load.py` (`asyncio_client.py`) against a
real socket: it must read each response whole however its bytes arrive, and fail loudly
rather than hang or miscount (its figures are only worth the replies it checked)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from types import ModuleType

import pytest
from benchmark_modules import load_benchmark

Reply = Callable[[bytes, asyncio.StreamWriter], Awaitable[None]]


@pytest.fixture(scope="module")
def asyncio_client() -> ModuleType:
    return load_benchmark("asyncio_client")


def response(body: bytes, status: str = "200 OK") -> bytes:
    return b"HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (
        status.encode(),
        len(body),
        body,
    )


def served(reply: Reply, check: Callable[[int], Awaitable[None]]) -> None:
    """Run `check(port)` against a loopback server answering each request with `reply`."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                await reply(head + await reader.readexactly(length), writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def run() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        async with server:
            await check(server.sockets[0].getsockname()[1])

    asyncio.run(run())


def test_a_response_split_across_packets_is_read_whole(asyncio_client: ModuleType) -> None:
    async def reply(request: bytes, writer: asyncio.StreamWriter) -> None:
        whole = response(b"Count is 1.")
        for at in (5, 30, len(whole) - 3):  # inside the status line, the head, the body
            writer.write(whole[:at])
            await writer.drain()
            await asyncio.sleep(0.01)
            whole = whole[at:]
        writer.write(whole)

    async def check(port: int) -> None:
        connection = await asyncio_client.Connection.open(port)
        assert await connection.request("POST", "/x", b"{}") == (200, b"Count is 1.")
        connection.close()

    served(reply, check)


def test_a_conversation_sends_its_events_in_order_and_checks_each_count(
    asyncio_client: ModuleType,
) -> None:
    seen: list[bytes] = []

    async def reply(request: bytes, writer: asyncio.StreamWriter) -> None:
        seen.append(request)
        writer.write(response(b"Count is %d." % len(seen)))

    async def check(port: int) -> None:
        talk = asyncio_client.Conversation(await asyncio_client.Connection.open(port), "c")
        for _ in range(3):
            await talk.turn()
        talk.connection.close()

    served(reply, check)
    assert [b'"sequence":%d}' % n in request for n, request in enumerate(seen, 1)] == [True] * 3
    assert all(request.startswith(b"POST " + asyncio_client.PATH.encode()) for request in seen)


def test_a_wrong_count_fails_the_turn(asyncio_client: ModuleType) -> None:
    async def reply(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(response(b"Count is 7."))

    async def check(port: int) -> None:
        talk = asyncio_client.Conversation(await asyncio_client.Connection.open(port), "c")
        with pytest.raises(RuntimeError, match="unexpected reply 200"):
            await talk.turn()
        talk.connection.close()

    served(reply, check)


def test_a_connection_closed_by_the_server_fails_the_request(asyncio_client: ModuleType) -> None:
    async def reply(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.close()

    async def check(port: int) -> None:
        connection = await asyncio_client.Connection.open(port)
        with pytest.raises(ConnectionError):
            await connection.request("POST", "/x", b"{}")

    served(reply, check)


def test_a_response_nobody_asked_for_fails_the_request(asyncio_client: ModuleType) -> None:
    async def reply(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(response(b"Count is 1.") + response(b"Count is 2."))

    async def check(port: int) -> None:
        connection = await asyncio_client.Connection.open(port)
        with pytest.raises(RuntimeError, match="nobody asked for"):
            await connection.request("POST", "/x", b"{}")
        connection.close()

    served(reply, check)
