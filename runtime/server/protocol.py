"""uvicorn's httptools protocol with the limits a public endpoint needs against slow clients.

uvicorn closes an idle keep-alive connection, but nothing else: a client that opens a
connection and sends its headers one byte every few seconds (slowloris) holds a file
descriptor forever, and a thousand of them exhaust the process. `GuardedProtocol` adds:

- a **connection cap** per worker: past `max_connections` open connections (lowered to
  what the descriptor limit leaves room for) a new one gets `503` and is closed at
  once, so the descriptors of the process stay bounded;
- a **header deadline**: a request's headers must be complete within `read_timeout`
  seconds of the connection opening or of the previous response, else the connection
  is closed;
- a **header size cap**: more than `MAX_HEADER_BYTES` before the headers end gets `431`;
- `TCP_NODELAY` on every connection, so a keep-alive reply never waits for Nagle;
- **one send per response**: uvicorn writes a response's head and its body with two
  writes, each a system call that, on loopback, also delivers the bytes to the peer
  (which may wake for the head alone). The head is held (`OneSendTransport`) until the body's
  first write, or the end of the loop's iteration, and goes out with it;
- a **body deadline**: a body not complete within the same time again from the end of
  its headers gets `408` and the connection is closed (the handler reading it hears of a
  disconnected client). A body that comes with its headers, as nearly all do, arms no
  timer: the deadline is set only when the headers are parsed and the body is not.
"""

from __future__ import annotations

import asyncio
import functools
import json
import resource
import socket
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from botc.runtime.server.config import ServiceConfig
from botc.runtime.server.logs import service_logger

# Headers of one request (request line included) larger than this are refused with 431.
MAX_HEADER_BYTES = 64 * 1024


def _refusal(status: str, message: str) -> bytes:
    body = json.dumps({"error": message}).encode()
    head = (
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


_TOO_MANY = _refusal("503 Service Unavailable", "too many connections; retry")


def body_too_slow_message(seconds: float) -> str:
    """The error of a request whose body did not arrive within `seconds`."""
    return f"request body not received within {seconds:g} s"


@functools.cache
def _body_too_slow(seconds: float) -> bytes:
    return _refusal("408 Request Timeout", body_too_slow_message(seconds))


_HEADERS_TOO_LARGE = _refusal(
    "431 Request Header Fields Too Large", f"request headers over {MAX_HEADER_BYTES} bytes"
)


# Descriptors kept free for the store, uploads, logs and integration calls.
_SPARE_DESCRIPTORS = 64


@functools.cache
def _limits() -> tuple[int, float]:
    """(max_connections, read_timeout) of this worker's settings (defaults without any),
    the cap lowered to what the process's descriptor limit leaves room for."""
    try:
        config = ServiceConfig.from_environment()
    except Exception:  # a test serving the app directly: the defaults
        config = ServiceConfig(table_path="", store_url="", auth="none")
    room = _descriptor_limit() - _SPARE_DESCRIPTORS
    return max(1, min(config.max_connections, room)), config.read_timeout_seconds


def _descriptor_limit() -> int:
    """The soft limit on open descriptors, raised to the hard limit first where allowed."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


class OneSendTransport:
    """The transport a response is written to: its first write (the head) is held until
    the next write (the body), `close`, or the end of the loop's iteration, then both go
    to `transport` in one write. Everything else is the transport's."""

    __slots__ = ("_flush", "_held", "_loop", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None
        self._flush: asyncio.Handle | None = None

    def write(self, data: bytes) -> None:
        held = self._held
        if held is None:
            self._held = bytes(data)
            self._flush = self._loop.call_soon(self.send_held)
            return
        self._held = None
        if self._flush is not None:
            self._flush.cancel()
            self._flush = None
        self._transport.write(held + data)

    def send_held(self) -> None:
        """Write what is held now."""
        self._flush = None
        held, self._held = self._held, None
        if held is not None and not self._transport.is_closing():
            self._transport.write(held)

    def close(self) -> None:
        self.send_held()
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class GuardedProtocol(HttpToolsProtocol):
    """HttpToolsProtocol with a connection cap, header and body deadlines, TCP_NODELAY and
    one send per response."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._max_connections, self._header_timeout = _limits()
        self._header_deadline: asyncio.TimerHandle | None = None
        self._header_bytes = 0
        self._body_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self._max_connections:
            service_logger().warning(
                "connection refused: too many open", extra={"limit": self._max_connections}
            )
            transport.write(_TOO_MANY)
            transport.close()
            return
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        self._disarm_body_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._header_deadline is not None:
            self._header_bytes += len(data)
            if self._header_bytes > MAX_HEADER_BYTES:
                self._disarm_header_deadline()
                self.transport.write(_HEADERS_TOO_LARGE)
                self.transport.close()
                return
        super().data_received(data)
        self._arm_body_deadline_if_due()

    def on_headers_complete(self) -> None:
        self._disarm_header_deadline()
        super().on_headers_complete()
        if self.cycle is not None:
            self.cycle.transport = OneSendTransport(self.transport, self.loop)  # type: ignore[assignment]

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._disarm_body_deadline()

    def on_response_complete(self) -> None:
        self._disarm_body_deadline()
        pipelined = bool(self.pipeline)  # the next request's headers are in already
        super().on_response_complete()
        if not pipelined and not self.transport.is_closing():
            self._arm_header_deadline()
        self._arm_body_deadline_if_due()  # a pipelined request now running, its body short

    def _arm_body_deadline_if_due(self) -> None:
        """Time the body of the running request when its headers are in and it is not.
        A pipelined request waiting its turn is timed once it runs (its connection is
        not read meanwhile)."""
        cycle = self.cycle
        if (
            self._body_deadline is None
            and cycle is not None
            and cycle.more_body
            and not cycle.response_started
            and not self.pipeline
            and not self.transport.is_closing()
        ):
            self._body_deadline = self.loop.call_later(self._header_timeout, self._body_late)

    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        self._header_bytes = 0
        self._header_deadline = self.loop.call_later(self._header_timeout, self._headers_too_slow)

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _disarm_body_deadline(self) -> None:
        if self._body_deadline is not None:
            self._body_deadline.cancel()
            self._body_deadline = None

    def _body_late(self) -> None:
        self._body_deadline = None
        cycle = self.cycle
        if self.transport.is_closing() or cycle is None or cycle.response_started:
            return
        self.transport.write(_body_too_slow(self._header_timeout))
        self.transport.close()

    def _headers_too_slow(self) -> None:
        self._header_deadline = None
        if not self.transport.is_closing():
            self.transport.close()
