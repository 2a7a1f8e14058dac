"""Requests of the Custom Endpoint API, as LivePerson's connector sends them."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

JsonDict = dict[str, Any]

BOT = "b1"
CONVERSATIONS = f"/v1/bots/{BOT}/environments/draft/conversations"
_sequences = itertools.count(1_000_000)  # apart from the numbers tests pick


def create(client: httpx.Client, conversation: str, **context: Any) -> httpx.Response:
    body = {
        "sdes": {"ctmrinfo": {"customerId": "c-1"}},
        "context": {"type": "MESSAGING", "skillId": 12, "engagementId": 34, **context},
    }
    return client.put(f"{CONVERSATIONS}/{conversation}", json=body)


def post(
    client: httpx.Client, conversation: str, event: JsonDict, sequence: int | None = None
) -> httpx.Response:
    number = next(_sequences) if sequence is None else sequence
    body = {**event, "context": {"lpEvent": {"sequence": number}}}
    return client.post(f"{CONVERSATIONS}/{conversation}/events", json=body)


def post_unnumbered(client: httpx.Client, conversation: str, event: JsonDict) -> httpx.Response:
    """Post `event` without an lpEvent.sequence: it always runs a turn (no retry check)."""
    return client.post(f"{CONVERSATIONS}/{conversation}/events", json=event)


def text(message: str) -> JsonDict:
    return {"type": "TEXT", "source": "CONSUMER", "data": {"message": message}}


def start() -> JsonDict:
    return {"type": "START", "source": "CONVERSATION", "data": {}}


def says(response: httpx.Response) -> list[str]:
    """The TEXT messages of a 200 reply, in order."""
    assert response.status_code == 200, response.text
    return [
        item["data"]["message"] for item in response.json()["response"] if item["type"] == "TEXT"
    ]
