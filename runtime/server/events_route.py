"""The events route served straight from ASGI, the other routes through Starlette.

`POST .../conversations/{convId}/events` is the route a connector calls on every turn.
Through Starlette it passes two exception middlewares, the router (a regular
expression per route until one matches) and Starlette's exception wrapper before it
reaches its endpoint: about a tenth of a served turn's CPU. `with_events_route` puts
a front in front of the Starlette app that recognizes that one path by splitting it on
`/` and calls the same endpoint (`guarded(service, post_event)`: the same bearer and
route checks, the same refusals) with a Starlette `Request`; every other request,
and the lifespan, goes to Starlette unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

Endpoint = Callable[[Request], Awaitable[Response]]

# /{apiVersion}/bots/{botId}/environments/{environment}/conversations/{convId}/events
_FIXED = {2: "bots", 4: "environments", 6: "conversations", 8: "events"}
_PARAMETERS = {"apiVersion": 1, "botId": 3, "environment": 5, "convId": 7}


def events_path_parameters(path: str) -> dict[str, str] | None:
    """The path parameters of an events path, as Starlette's `{name}` (any text without
    `/`, not empty) would match them; None for any other path."""
    parts = path.split("/")
    if len(parts) != 9 or parts[0]:
        return None
    for index, word in _FIXED.items():
        if parts[index] != word:
            return None
    parameters = {name: parts[index] for name, index in _PARAMETERS.items()}
    if not all(parameters.values()):
        return None
    return parameters


def with_events_route(app: ASGIApp, events: Endpoint) -> ASGIApp:
    """`app`, with `POST` to an events path answered by `events` directly."""

    async def front(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            parameters = events_path_parameters(scope["path"])
            if parameters is not None:
                request = Request({**scope, "path_params": parameters}, receive, send)
                response = await events(request)
                await response(scope, receive, send)
                return
        await app(scope, receive, send)

    return front
