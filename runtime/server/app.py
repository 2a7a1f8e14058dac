"""The Custom Endpoint HTTP API (WIRE.md 5) on Starlette.

Routes follow LivePerson's `v1.json`: environments, state, create a conversation (PUT),
post an event. Every refusal is a JSON body `{"error": "..."}` with its status; the
blocking work of a turn (store, effects) runs on a small pool of turn threads of its own
(`TURN_THREADS`): enough for the SQLite writer to commit many turns together, few
enough that they do not spend the CPU handing the GIL around.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from botc.runtime.drivers.performer import Performer
from botc.runtime.server.auth import Authenticator
from botc.runtime.server.config import ServiceConfig
from botc.runtime.server.engine import BotTable, Engine, InterpreterEngine, incoming_event
from botc.runtime.server.events_route import with_events_route
from botc.runtime.server.logs import service_logger
from botc.runtime.server.ownership import new_owner
from botc.runtime.server.protocol import body_too_slow_message
from botc.runtime.server.turns import (
    ConversationBusy,
    ConversationNotFound,
    TurnRefused,
    TurnRunner,
)
from botc.runtime.server.uploads import UploadRunner
from botc.runtime.stores import ConversationStore, RecordTooLarge, open_store
from botc.runtime.stores.codec import encode
from botc.runtime.wire.events import EventError
from botc.runtime.wire.json_text import JsonTextError, read_json

API_VERSION = "v1"
# How often a worker looks for uploads whose owner died.
RECOVERY_INTERVAL_SECONDS = 2.0
# How long shutdown waits for uploads in flight before leaving them to a restart.
DRAIN_SECONDS = 10.0
# How often a worker deletes conversations past the retention time (SQLite).
SWEEP_INTERVAL_SECONDS = 60.0
# The header that says how a retried event was answered (docs/SERVICE.md, Retries).
RETRY_HEADER = "Botc-Retry"
# The largest lpEvent.sequence: what an SQLite integer holds.
MAX_SEQUENCE = 2**63 - 1
# Threads running turns (store, effects) per worker.
TURN_THREADS = 16

Result = TypeVar("Result")

Handler = Callable[[Request], Awaitable[Response]]


class BadRequest(Exception):
    """The request cannot be served; `status` and the message go back as JSON."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# A refusal after which the connection cannot go on (the rest of its body is unread).
_CLOSING = {408}


def error(status: int, message: str) -> JSONResponse:
    """A JSON error body `{"error": message}` with `status`."""
    headers = {"connection": "close"} if status in _CLOSING else None
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class Service:
    """The pieces one worker serves with: settings, bot, store, auth, turn runner."""

    def __init__(
        self,
        config: ServiceConfig,
        *,
        engine: Engine,
        version: str,
        store: ConversationStore,
        authenticator: Authenticator,
        performer: Performer,
    ) -> None:
        self.config = config
        self.version = version
        self.store = store
        self.authenticator = authenticator
        self.uploads = UploadRunner(performer)
        self.owner = new_owner()
        self.turns = TurnRunner(
            engine,
            store,
            performer,
            self.uploads,
            owner=self.owner,
            upload_wait_seconds=config.upload_wait_seconds,
        )
        self.log = service_logger()
        self._stopping = threading.Event()
        self._turn_threads = ThreadPoolExecutor(TURN_THREADS, thread_name_prefix="botc-turn")

    async def off_loop(self, function: Callable[..., Result], *args: Any) -> Result:
        """`function(*args)` on a turn thread, awaited without blocking the event loop."""
        return await asyncio.get_running_loop().run_in_executor(
            self._turn_threads, function, *args
        )

    def conversation_key(self, request: Request) -> str:
        """The store key of the request's conversation: `botId/environment/convId`."""
        params = request.path_params
        return f"{params['botId']}/{params['environment']}/{params['convId']}"

    def check_route(self, request: Request) -> None:
        """Raise BadRequest(404) for another API version, bot id or environment."""
        params = request.path_params
        if params["apiVersion"] != API_VERSION:
            raise BadRequest(404, f"unknown API version {params['apiVersion']!r} (this is v1)")
        bot_id = self.config.bot_id
        if bot_id is not None and params["botId"] != bot_id:
            raise BadRequest(404, f"unknown bot {params['botId']!r}")
        environment = params.get("environment")
        if environment is not None and environment not in self.config.environments:
            raise BadRequest(404, f"unknown environment {environment!r}")

    async def json_body(self, request: Request) -> Any:
        """The request's JSON body, read up to the size limit; BadRequest(400) otherwise.

        A body that does not arrive in time is answered (408) and its connection closed
        by the protocol (`GuardedProtocol`); the read here then ends as a disconnect."""
        limit = self.config.max_body_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BadRequest(400, f"request body too large: over {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await request.receive()
            if message["type"] != "http.request":  # the client left, or was cut off
                seconds = self.config.read_timeout_seconds
                raise BadRequest(408, body_too_slow_message(seconds))
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise BadRequest(400, f"request body too large: over {limit} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        try:
            return read_json(b"".join(chunks))
        except JsonTextError as problem:
            raise BadRequest(400, f"malformed JSON body: {problem}") from problem

    def recover_periodically(self) -> None:
        """Until shutdown, restart uploads whose owner died (runs on its own thread)."""
        while not self._stopping.wait(RECOVERY_INTERVAL_SECONDS):
            try:
                self.turns.recover_uploads()
            except Exception:
                self.log.exception("upload recovery failed")

    def sweep_periodically(self) -> None:
        """Until shutdown, delete conversations past the retention time (its own thread)."""
        while not self._stopping.wait(SWEEP_INTERVAL_SECONDS):
            try:
                deleted = self.store.sweep()
            except Exception:
                self.log.exception("retention sweep failed")
                continue
            if deleted:
                self.log.info("expired conversations deleted", extra={"count": deleted})

    def start(self) -> None:
        """Finish uploads orphaned by a crash, then keep watching for more (at start-up)."""
        try:
            self.turns.recover_uploads()
        except Exception:
            self.log.exception("upload recovery failed")
        threading.Thread(target=self.recover_periodically, daemon=True).start()
        threading.Thread(target=self.sweep_periodically, daemon=True).start()

    def stop(self) -> None:
        """Let uploads in flight finish for a while, then close the store (at shutdown)."""
        self._stopping.set()
        self.uploads.drain(DRAIN_SECONDS)
        self._turn_threads.shutdown(wait=True)
        self.store.close()


def guarded(
    service: Service, handler: Callable[[Service, Request], Awaitable[Response]]
) -> Handler:
    """`handler` behind the bearer check and the route check, with BadRequest as JSON."""

    async def endpoint(request: Request) -> Response:
        denial = service.authenticator.check(request.headers.get("authorization"))
        if denial is not None:
            service.log.info("request refused", extra={"status": denial.status})
            return error(denial.status, denial.message)
        try:
            service.check_route(request)
            return await handler(service, request)
        except BadRequest as problem:
            return error(problem.status, str(problem))
        except Exception:  # a bug or a corrupt record: logged, answered as JSON, never a trace
            service.log.exception("request failed", extra={"path": request.url.path})
            return error(500, "internal error; the conversation is unchanged")

    return endpoint


async def environments(service: Service, request: Request) -> Response:
    """GET .../environments: the environment names served."""
    return JSONResponse(list(service.config.environments))


async def bot_state(service: Service, request: Request) -> Response:
    """GET .../state: online, with the served table's version."""
    return JSONResponse({"state": "online", "version": service.version})


async def create_conversation(service: Service, request: Request) -> Response:
    """PUT .../conversations/{convId}: store `sdes` and `context`; 409 when it exists."""
    body = await service.json_body(request)
    if not isinstance(body, dict):
        raise BadRequest(400, 'the body must be a JSON object {"sdes": ..., "context": ...}')
    sdes = body.get("sdes", {})
    context = body.get("context", {})
    if not isinstance(sdes, dict) or not isinstance(context, dict):
        raise BadRequest(400, "`sdes` and `context` must be JSON objects")
    key = service.conversation_key(request)
    try:
        created = await service.off_loop(service.turns.create, key, sdes, context)
    except RecordTooLarge as problem:
        raise BadRequest(400, f"{problem} bytes (`sdes` and `context`)") from problem
    if not created:
        raise BadRequest(409, f"conversation {request.path_params['convId']!r} already exists")
    service.log.info("conversation created", extra={"key": key})
    return JSONResponse({}, status_code=200)


async def post_event(service: Service, request: Request) -> Response:
    """POST .../events: run the event's turn (or find its stored reply) and answer it."""
    body = await service.json_body(request)
    try:
        event = incoming_event(body)
    except EventError as problem:
        raise BadRequest(400, str(problem)) from problem
    key = service.conversation_key(request)
    sequence = _sequence(event.context)
    started = time.perf_counter()
    try:
        answer = await service.turns.answer_on_loop(key, event, sequence)
        if answer is None:
            answer = await service.off_loop(service.turns.answer, key, event, sequence)
    except ConversationNotFound as problem:
        raise BadRequest(
            404, f"conversation {request.path_params['convId']!r} not found"
        ) from problem
    except ConversationBusy as problem:
        raise BadRequest(503, "the conversation is busy with another turn; retry") from problem
    except TurnRefused as problem:
        raise BadRequest(400, str(problem)) from problem
    reply = answer.reply
    if service.log.isEnabledFor(logging.INFO):
        service.log.info(
            "turn",
            extra={
                "key": key,
                "type": event.type,
                "sequence": sequence,
                "items": len(reply.get("response", [])),
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "worker": os.getpid(),
            },
        )
    headers = None if answer.retry is None else {RETRY_HEADER: answer.retry}
    # orjson, as the store encodes: several times faster than JSONResponse's json.dumps
    return Response(encode(reply), media_type="application/json", headers=headers)


def _sequence(context: dict[str, Any]) -> int | None:
    """`lpEvent.sequence`, which identifies a retried event: a whole number (LivePerson
    sends one), never a string, so that `3000` and `"3000"` cannot be taken for each other."""
    lp_event = context.get("lpEvent")
    if not isinstance(lp_event, dict) or lp_event.get("sequence") is None:
        return None
    sequence = lp_event["sequence"]
    if isinstance(sequence, bool) or not isinstance(sequence, int):
        raise BadRequest(
            400, f"`context.lpEvent.sequence` must be a whole number, not {json_kind(sequence)}"
        )
    if not 0 <= sequence <= MAX_SEQUENCE:
        raise BadRequest(400, f"`context.lpEvent.sequence` must be between 0 and {MAX_SEQUENCE}")
    return sequence


def json_kind(value: object) -> str:
    """`the string "3000"`, `a float`, ...: what a refused JSON value is."""
    if isinstance(value, str):
        return f"the string {value[:20]!r}"
    return {float: "a fraction", list: "a list", dict: "an object"}.get(type(value), "that value")


def settle_heap() -> None:
    """Move everything alive once the worker is up (modules, the table, the compiled
    templates) out of the cyclic collector's sight (`gc.freeze`). A full collection
    otherwise walks all of it again, 30 ms and more for even a small bot, while turns
    wait: the slowest 1% of turns under a steady load were those."""
    gc.collect()
    gc.freeze()


def build_app(service: Service) -> ASGIApp:
    """The application serving `service`: Starlette, with the events route in front."""
    base = "/{apiVersion}/bots/{botId}/environments"
    conversation = base + "/{environment}/conversations/{convId}"
    events = guarded(service, post_event)
    routes = [
        Route(base, guarded(service, environments), methods=["GET"]),
        Route(base + "/{environment}/state", guarded(service, bot_state), methods=["GET"]),
        Route(conversation, guarded(service, create_conversation), methods=["PUT"]),
        Route(conversation + "/events", events, methods=["POST"]),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.start()
        settle_heap()
        service.log.info("service started", extra={"owner": service.owner})
        yield
        service.log.info("service stopping")
        await asyncio.get_running_loop().run_in_executor(None, service.stop)

    async def http_error(request: Request, problem: Exception) -> Response:
        status = problem.status_code if isinstance(problem, HTTPException) else 500
        detail = problem.detail if isinstance(problem, HTTPException) else "internal error"
        return error(status, f"{detail}: {request.method} {request.url.path}")

    app = Starlette(
        routes=routes, lifespan=lifespan, exception_handlers={HTTPException: http_error}
    )
    return with_events_route(app, events)


def app_from_environment() -> ASGIApp:
    """The app for a worker process, built from `BOTC_SERVE_CONFIG` (uvicorn's factory)."""
    from botc.runtime.drivers.http import HttpPerformer
    from botc.runtime.drivers.secret_values import declared_secrets

    config = ServiceConfig.from_environment()
    table = BotTable.read(config.table_path)
    service = Service(
        config,
        engine=InterpreterEngine(table.data, max_message_chars=config.max_message_chars),
        version=table.version,
        store=open_store(config.store_url, config.store_limits()),
        authenticator=Authenticator.from_config(config, dict(os.environ)),
        performer=HttpPerformer(secrets=declared_secrets(table.data, os.environ)),
    )
    return build_app(service)
