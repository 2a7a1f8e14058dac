"""The bare app `service_load.py` measures `botc serve` against: the same stack, no bot.

Starlette on uvicorn (httptools, uvloop, the service's own protocol class), answering
the Custom Endpoint's PUT and POST routes with the same storage work as a served turn —
load the conversation's record from the same store class on the event loop, write the
next version with its kept reply in one durable compare-and-set through the store's
writer thread (SQLite `synchronous=FULL`, group commit), answer after the commit — but
no interpreter, no auth, no turn logic: a counter.

    PYTHONPATH=. python benchmarks/bare_app.py --port 8081 --store sqlite:///bare.db
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from botc.runtime.stores import ConversationRecord, StoredReply, open_store

CONVERSATION = "/v1/bots/{bot}/environments/{env}/conversations/{conv}"


def build(store_url: str) -> Starlette:
    store = open_store(store_url)
    submit_swap = store.submit_swap  # type: ignore[attr-defined]

    async def count(key: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """Load on the event loop, write through the store's writer, as a botc turn does."""
        record = store.load(key)
        if record is None:
            return None
        number = (record.state or {}).get("count", 0) + 1
        reply = {
            "response": [{"type": "TEXT", "data": {"message": f"Count is {number}."}}],
            "analytics": {"intents": []},
        }
        sequence = body.get("context", {}).get("lpEvent", {}).get("sequence")
        kept = StoredReply(sequence, reply) if isinstance(sequence, int) else None
        written = submit_swap(key, record.next_version(state={"count": number}), kept)
        if not await asyncio.wrap_future(written):
            return await count(key, body)
        return reply

    async def create(request: Request) -> Response:
        body = json.loads(await request.body())
        key = "/".join(request.path_params.values())
        record = ConversationRecord(version=1, sdes=body["sdes"], context=body["context"])
        store.create(key, record)
        return JSONResponse({})

    async def event(request: Request) -> Response:
        body = json.loads(await request.body())
        key = "/".join(request.path_params.values())
        reply = await count(key, body)
        if reply is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        return JSONResponse(reply)

    return Starlette(
        routes=[
            Route(CONVERSATION, create, methods=["PUT"]),
            Route(CONVERSATION + "/events", event, methods=["POST"]),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--store", required=True)
    args = parser.parse_args()
    uvicorn.run(
        build(args.store),
        port=args.port,
        http="botc.runtime.server.protocol:GuardedProtocol",
        loop="uvloop",
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
