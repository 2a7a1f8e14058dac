"""A local HTTP server for tests: scripted replies per path, every request recorded.

Started on a free port in a background thread; real sockets, real HTTP. Use it as a
context manager:

    with HttpStub() as stub:
        stub.reply("GET", "/accounts/1/balance", status=200, json={"balance": 3})
        ...  # call stub.url("/accounts/1/balance")
        assert stub.requests[0].headers["authorization"] == "Bearer t"

Replies given for one method and path are served in order; the last one repeats.
A path with no reply gets 404. `StubRequest.multipart()` parses a multipart/form-data
body on the server side (field name, filename, content type, bytes).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Mapping
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import attrs


@attrs.frozen
class StubReply:
    """What the server answers: status, headers, raw body; `delay` seconds before answering."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = attrs.field(factory=dict)
    delay: float = 0.0


@attrs.frozen
class FormPart:
    """One part of a multipart/form-data body, as the server parsed it."""

    name: str | None
    filename: str | None
    content_type: str
    content: bytes


@attrs.frozen
class StubRequest:
    """One request the server received: method, path (no query), query, lowercase headers, body."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def multipart(self) -> list[FormPart]:
        """The parts of a multipart/form-data body; ValueError when the body is not one."""
        content_type = self.headers.get("content-type", "")
        if not content_type.startswith("multipart/form-data"):
            raise ValueError(f"not a multipart/form-data request: {content_type!r}")
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + self.body)
        if not message.is_multipart():
            raise ValueError("the multipart body has no parts")
        return [_form_part(part) for part in message.iter_parts()]  # type: ignore[attr-defined]


def _form_part(part: Message) -> FormPart:
    payload = part.get_payload(decode=True)
    return FormPart(
        name=part.get_param("name", header="content-disposition"),  # type: ignore[arg-type]
        filename=part.get_filename(),
        content_type=part.get_content_type(),
        content=payload if isinstance(payload, bytes) else b"",
    )


class HttpStub:
    """A scripted HTTP server on 127.0.0.1 and a free port, serving in a daemon thread."""

    def __init__(self) -> None:
        self.requests: list[StubRequest] = []
        self._replies: dict[tuple[str, str], list[StubReply]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        # a short poll interval makes shutdown() quick, which keeps many-server tests fast
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def reply(
        self,
        method: str,
        path: str,
        *,
        status: int = 200,
        json: Any = None,
        text: str | None = None,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Script the next reply for `method path`: a JSON body, a text body, or none."""
        all_headers = dict(headers or {})
        body = b""
        if json is not None:
            body = _json_bytes(json)
            all_headers.setdefault("Content-Type", "application/json")
        elif text is not None:
            body = text.encode()
            all_headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        with self._lock:
            self._replies.setdefault((method.upper(), path), []).append(
                StubReply(status=status, body=body, headers=all_headers, delay=delay)
            )

    def requests_to(self, path: str) -> list[StubRequest]:
        return [request for request in self.requests if request.path == path]

    def __enter__(self) -> HttpStub:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_reply(self, method: str, path: str) -> StubReply:
        with self._lock:
            queue = self._replies.get((method, path))
            if not queue:
                return StubReply(status=404, body=b"no reply scripted for this path")
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def _record(self, request: StubRequest) -> None:
        with self._lock:
            self.requests.append(request)


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value).encode()


def _handler_for(stub: HttpStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            stub._record(
                StubRequest(
                    method=self.command,
                    path=parts.path,
                    query=parts.query,
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=body,
                )
            )
            reply = stub._next_reply(self.command, parts.path)
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except OSError:
                pass  # the client gave up (a timeout test): nothing left to answer

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output quiet

    return Handler


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
