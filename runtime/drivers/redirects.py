"""Redirects of integration requests (docs/SECURITY.md, "Redirects").

A redirect is followed only when the integration says `follow redirects`; otherwise the
3xx reply is the call's outcome (not 2xx, so the call fails). When following:

- on the same origin (scheme, host and port) the request keeps its headers;
- to another origin it keeps none of the integration's headers (no `Authorization`,
  no `X-Api-Key`, nothing the bot set), whatever the scheme;
- 301/302 turn a POST into a GET, 303 turns anything but HEAD into a GET, without the
  body; a redirect that keeps the method (307, 308, a 302 PUT) re-sends the body with
  its `Content-Type`, except that a body holding a secret is never sent to another
  origin: such a redirect is not followed and the call fails;
- at most MAX_REDIRECTS hops, then the call fails.
"""

from __future__ import annotations

from typing import Any, Final

import attrs
import httpx

MAX_REDIRECTS: Final = 5
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


class RedirectRefusedError(Exception):
    """A redirect that is not followed: too many hops, or a secret-bearing body that
    would go to another origin."""


@attrs.frozen
class Outgoing:
    """What one request sends: `content` or `files` (multipart), never both."""

    method: str
    url: str
    headers: dict[str, str]
    content: bytes | None = None
    files: Any = None
    body_has_secret: bool = False


def send(
    client: httpx.Client, outgoing: Outgoing, *, follow: bool, timeout: float
) -> httpx.Response:
    """The final reply to `outgoing`, following redirects by the rules above when
    `follow`; raises httpx.HTTPError, ValueError / TypeError (a malformed request) or
    RedirectRefusedError."""
    origin = _origin(httpx.URL(outgoing.url))
    current = outgoing
    for _hop in range(MAX_REDIRECTS + 1):
        response = client.request(
            current.method,
            current.url,
            headers=current.headers,
            content=current.content,
            files=current.files,
            timeout=timeout,
            follow_redirects=False,
        )
        location = response.headers.get("location")
        if not follow or not response.is_redirect or location is None:
            return response
        response.close()
        current = _next(current, response, location, origin)
    raise RedirectRefusedError(f"more than {MAX_REDIRECTS} redirects")


def _next(current: Outgoing, response: httpx.Response, location: str, origin: Any) -> Outgoing:
    target = response.url.join(location)
    same_origin = _origin(target) == origin
    method = _method_after(response.status_code, current.method)
    keeps_body = method == current.method
    if keeps_body and not same_origin and current.body_has_secret:
        raise RedirectRefusedError(
            "a redirect to another origin would re-send a body that holds a secret"
        )
    return Outgoing(
        method=method,
        url=str(target),
        headers=dict(current.headers) if same_origin else _content_type(current, keeps_body),
        content=current.content if keeps_body else None,
        files=current.files if keeps_body else None,
        body_has_secret=current.body_has_secret and keeps_body,
    )


def _content_type(current: Outgoing, keeps_body: bool) -> dict[str, str]:
    """Across origins only the body's own header goes along, and only with the body."""
    if not keeps_body:
        return {}
    return {k: v for k, v in current.headers.items() if k.lower() == "content-type"}


def _method_after(status: int, method: str) -> str:
    if status == 303 and method != "HEAD":
        return "GET"
    if status in (301, 302) and method == "POST":
        return "GET"
    return method


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    scheme = url.scheme.lower()
    return scheme, url.host.lower(), url.port or _DEFAULT_PORTS.get(scheme)
