"""`HttpPerformer`: performs `http` and `upload` effects (WIRE.md 4) for real, with httpx.

Every way a request can go wrong — timeout, refused connection, unknown host, a secret
that is not set, a file with no bytes — comes back as an `{"id", "error"}` result for the
interpreter to turn into a failure outcome; a reply of any status is a
`{"id", "status", "headers", "body"}` result whose body is the parsed JSON, else the text
(`null` when empty). Secrets are filled in here and nowhere else, only in the slots the
effect marks (runtime/drivers/secret_values.py), from a mapping that holds only the
secrets the bot declares; redirects follow runtime/drivers/redirects.py.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from typing import Any

import attrs
import httpx

from botc.runtime.defaults import INTEGRATION_TIMEOUT_MS
from botc.runtime.drivers.performer import effect_id, error_result, reply_result
from botc.runtime.drivers.redirects import Outgoing, RedirectRefusedError, send
from botc.runtime.drivers.secret_values import (
    MalformedSlotError,
    MissingSecretError,
    fill_secrets,
    scrub,
)
from botc.runtime.drivers.upload_file import FileUnavailableError, file_to_upload
from botc.runtime.secret_slots import slot_names


class HttpPerformer:
    """Sends each effect's request over HTTP. `secrets` holds the values it may put in
    secret slots (build it with `secret_values.declared_secrets(table.data, os.environ)`:
    never the whole environment); none by default. Safe to share between
    threads (one pooled httpx client)."""

    def __init__(
        self, *, secrets: Mapping[str, str] | None = None, client: httpx.Client | None = None
    ) -> None:
        self._secrets: Mapping[str, str] = {} if secrets is None else dict(secrets)
        self._own_client: httpx.Client | None = client
        self._client_lock = threading.Lock()

    @property
    def _client(self) -> httpx.Client:
        # made on first use: building the TLS context costs a noticeable part of a second
        with self._client_lock:
            if self._own_client is None:
                self._own_client = httpx.Client()
            return self._own_client

    def close(self) -> None:
        if self._own_client is not None:
            self._own_client.close()

    def __enter__(self) -> HttpPerformer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def perform(self, effect: Mapping[str, Any]) -> dict[str, Any]:
        """The EFFECT_RESULT data for an `http` or `upload` effect; never raises."""
        ident = effect_id(effect)
        used: list[str] = []
        try:
            request = _filled_request(effect, self._secrets, used)
        except (MissingSecretError, MalformedSlotError) as error:
            return error_result(ident, scrub(str(error), used))
        kind = effect.get("effect")
        try:
            if kind == "http":
                return self._send(ident, request, used)
            if kind == "upload":
                return self._upload(ident, request, used)
        except FileUnavailableError as error:
            return error_result(ident, scrub(str(error), used))
        return error_result(ident, f"unknown effect kind {kind!r}")

    def _send(self, ident: str, request: _Request, used: list[str]) -> dict[str, Any]:
        body = request.body
        content = None if body is None else json.dumps(body).encode()
        headers = dict(request.headers)
        if content is not None and not _has_header(headers, "content-type"):
            headers["Content-Type"] = "application/json"
        outgoing = Outgoing(
            request.method,
            request.url,
            headers,
            content=content,
            body_has_secret=request.body_has_secret,
        )
        return self._exchange(ident, used, outgoing, request)

    def _upload(self, ident: str, request: _Request, used: list[str]) -> dict[str, Any]:
        upload = file_to_upload(request.file, lambda url: self._fetch(url, request.timeout))
        # multipart needs its own Content-Type (with the boundary): an author's one would break it
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-type"}
        files = {"file": (upload.filename, upload.content, upload.content_type)}
        outgoing = Outgoing(request.method, request.url, headers, files=files)
        return self._exchange(ident, used, outgoing, request)

    def _exchange(
        self, ident: str, used: list[str], outgoing: Outgoing, request: _Request
    ) -> dict[str, Any]:
        try:
            response = send(
                self._client,
                attrs.evolve(outgoing, url=_escape_controls(outgoing.url)),
                follow=request.follow_redirects,
                timeout=request.timeout,
            )
        except RedirectRefusedError as error:
            return error_result(ident, f"redirect not followed: {error}")
        except (httpx.HTTPError, httpx.InvalidURL) as error:  # InvalidURL is no HTTPError
            return error_result(ident, scrub(describe_failure(error), used))
        except (ValueError, TypeError) as error:  # httpx's checks on a malformed url or header
            return error_result(ident, scrub(f"invalid request: {error}", used))
        return reply_result(ident, response.status_code, response.headers, _body(response))

    def _fetch(self, url: str, timeout: float) -> bytes:
        try:
            # a hosted file's url carries no credential of the bot: its redirects are followed
            response = self._client.get(
                _escape_controls(url), timeout=timeout, follow_redirects=True
            )
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            message = f"could not fetch the file from its url: {describe_failure(error)}"
            raise FileUnavailableError(message) from None
        if not response.is_success:
            raise FileUnavailableError(
                f"could not fetch the file from its url: status {response.status_code}"
            )
        return response.content


@attrs.frozen
class _Request:
    """An effect's request with secrets filled in (never stored, never logged)."""

    method: str
    url: str
    headers: dict[str, str]
    body: Any
    file: Mapping[str, Any]
    timeout: float
    follow_redirects: bool
    body_has_secret: bool


def _filled_request(
    effect: Mapping[str, Any], secrets: Mapping[str, str], used: list[str]
) -> _Request:
    """The effect's request with its secret slots filled in; raises MissingSecretError
    or MalformedSlotError."""
    timeout_ms = effect.get("timeout_ms")
    if not isinstance(timeout_ms, int | float) or timeout_ms <= 0:
        timeout_ms = INTEGRATION_TIMEOUT_MS
    slots = effect.get("secrets")
    shown = {
        "url": effect.get("url") or "",
        "headers": _header_map(effect),
        "body": effect.get("body"),
    }
    filled = fill_secrets(shown, slots, secrets, used)
    file = effect.get("file")
    return _Request(
        method=str(effect.get("method") or "GET").upper(),
        url=str(filled["url"]),
        headers={str(name): str(value) for name, value in filled["headers"].items()},
        body=filled["body"],
        file=file if isinstance(file, Mapping) else {},
        timeout=timeout_ms / 1000,
        follow_redirects=effect.get("follow_redirects") is True,
        body_has_secret=_body_has_secret(slots),
    )


def _body_has_secret(slots: Any) -> bool:
    return isinstance(slots, list) and any(
        isinstance(slot, Mapping)
        and (slot.get("at") or [None])[0] == "body"
        and slot_names(slot.get("parts") or [])
        for slot in slots
    )


def _escape_controls(url: str) -> str:
    """`url` with its control characters percent-encoded (a consumer's text placed into a
    URL template may hold a newline or a tab; the WHATWG URL standard encodes them too)."""
    return _CONTROL.sub(lambda found: f"%{ord(found.group()):02X}", url)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _header_map(effect: Mapping[str, Any]) -> dict[str, Any]:
    """Headers as a dict, from `{"Name": "value"}` or a `[{"name", "value"}]` list."""
    headers = effect.get("headers")
    if isinstance(headers, Mapping):
        return dict(headers)
    if isinstance(headers, list):
        return {
            item["name"]: item.get("value", "")
            for item in headers
            if isinstance(item, Mapping) and "name" in item
        }
    return {}


def _has_header(headers: Mapping[str, str], name: str) -> bool:
    return any(key.lower() == name for key in headers)


def _body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def describe_failure(error: httpx.HTTPError | httpx.InvalidURL) -> str:
    """A few words for a request that got no reply: timeout, refused, unknown host, ..."""
    if isinstance(error, httpx.TimeoutException):
        return "timeout"
    text = str(error)
    if isinstance(error, httpx.ConnectError):
        if "refused" in text.lower():
            return "connection refused"
        if _is_name_resolution(text):
            return f"unknown host: {text}"
        return f"connection failed: {text}"
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"invalid url: {text}"
    return f"network error: {text}" if text else f"network error: {type(error).__name__}"


def _is_name_resolution(text: str) -> bool:
    lowered = text.lower()
    return any(
        sign in lowered
        for sign in (
            "name or service not known",
            "nodename nor servname",
            "getaddrinfo",
            "name resolution",
            "no address associated",
        )
    )
