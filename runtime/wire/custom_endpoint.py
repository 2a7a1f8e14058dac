"""The Custom Endpoint response (WIRE.md 2): `{"response": [...], "analytics": {...}}`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from botc.runtime.json_types import JsonDict


def response(items: Iterable[Mapping[str, Any]], intents: Iterable[Mapping[str, Any]]) -> JsonDict:
    """The response body for one turn: its items in order and its analytics intents; both
    keys are always present (an empty turn is `{"response": [], "analytics": {"intents": []}}`)."""
    return {
        "response": [dict(item) for item in items],
        "analytics": {"intents": [dict(intent) for intent in intents]},
    }
