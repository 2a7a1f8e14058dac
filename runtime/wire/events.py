"""Incoming events (WIRE.md 1, and EFFECT_RESULT from WIRE.md 4), checked once at the edge.

`parse_event` turns the JSON body LivePerson's connector posts into an `Event`, or raises
`EventError` with a message naming the problem and the supported types. Nothing here
touches a conversation's state: a rejected event changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, cast

import attrs

from botc.runtime.json_types import JsonDict

TEXT: Final = "TEXT"
START: Final = "START"
RICH_CONTENT: Final = "RICH_CONTENT"
HOSTED_FILE: Final = "hosted-file"
SIGNAL: Final = "SIGNAL"
CONVERSATION: Final = "CONVERSATION"
CLOSE_CONVERSATION: Final = "CLOSE_CONVERSATION"
EFFECT_RESULT: Final = "EFFECT_RESULT"

CONVERSATION_NAMES: Final = ("STARTED", "TRANSFERRED", "CLOSED")
# The types a connector (or a `botc run` input line) may send, WIRE.md 1; EFFECT_RESULT
# is the drivers' own report of a performed effect (WIRE.md 4).
CONNECTOR_TYPES: Final = (
    TEXT, START, RICH_CONTENT, HOSTED_FILE, SIGNAL, CONVERSATION, CLOSE_CONVERSATION
)


class EventError(Exception):
    """An incoming body that is not a supported event; the message says why."""


@attrs.frozen
class Event:
    """One checked incoming event: its `type`, `data`, the request's `context`, `source`."""

    type: str
    data: JsonDict = attrs.field(factory=dict)
    context: JsonDict = attrs.field(factory=dict)
    source: str | None = None

    @property
    def message(self) -> str:
        """The text of a TEXT event ("" for other types)."""
        return cast(str, self.data.get("message", ""))

    @property
    def last_consumer_message(self) -> str | None:
        """`context.lpEvent.lastConsumerMessage` of a START event, if any."""
        lp_event = self.context.get("lpEvent")
        if isinstance(lp_event, dict):
            text = lp_event.get("lastConsumerMessage")
            if isinstance(text, str) and text.strip():
                return text
        return None

    def to_json(self) -> JsonDict:
        """The event as the JSON body it was parsed from (empty context left out)."""
        data: JsonDict = {"type": self.type, "data": self.data}
        if self.source is not None:
            data["source"] = self.source
        if self.context:
            data["context"] = self.context
        return data


def text_event(message: str, context: JsonDict | None = None) -> Event:
    """A TEXT event carrying `message` (for drivers and tests)."""
    return Event(type=TEXT, data={"message": message}, context=context or {})


def effect_result_event(data: JsonDict) -> Event:
    """The EFFECT_RESULT event reporting a performed effect's outcome `data` (WIRE.md 4:
    `{"id", "status", "headers", "body"}` or `{"id", "error"}`); raises `EventError` for
    data of another shape. Every driver builds its results here."""
    return parse_event({"type": EFFECT_RESULT, "data": data})


def effect_result(effect_id: str, **outcome: Any) -> Event:
    """An EFFECT_RESULT event for `effect_id` (`status=`, `headers=`, `body=` or `error=`)."""
    return effect_result_event({"id": effect_id, **outcome})


def parse_incoming(obj: object) -> Event:
    """The `Event` a connector sent (any WIRE.md 1 type, never EFFECT_RESULT); raises
    `EventError` naming the problem."""
    if isinstance(obj, dict) and obj.get("type") == EFFECT_RESULT:
        raise EventError(
            "unsupported event type 'EFFECT_RESULT': effect results are fed back by the "
            f"driver itself; supported types: {_SUPPORTED}"
        )
    return parse_event(obj)


def parse_event(obj: object) -> Event:
    """The `Event` the JSON value `obj` describes, EFFECT_RESULT included (drivers use it
    for their reports); raises `EventError` naming the problem."""
    if not isinstance(obj, dict):
        raise EventError(f"an event must be a JSON object, not {_kind(obj)}")
    kind = obj.get("type")
    check = _CHECKS.get(kind) if isinstance(kind, str) else None
    if check is None or not isinstance(kind, str):
        shown = "missing" if kind is None else repr(kind)
        raise EventError(f"unsupported event type {shown}; supported types: {_SUPPORTED}")
    data = obj.get("data", {})
    if not isinstance(data, dict):
        raise EventError(f"{kind} event: `data` must be an object, not {_kind(data)}")
    context = obj.get("context", {})
    if context is None:
        context = {}
    if not isinstance(context, dict):
        raise EventError(f"{kind} event: `context` must be an object, not {_kind(context)}")
    source = obj.get("source")
    if source is not None and not isinstance(source, str):
        raise EventError(f"{kind} event: `source` must be a string")
    check(kind, data, context)
    return Event(type=kind, data=data, context=context, source=source)


def _check_text(kind: str, data: JsonDict, context: JsonDict) -> None:
    _require(kind, data, "message", str, "a string")


def _check_start(kind: str, data: JsonDict, context: JsonDict) -> None:
    lp_event = context.get("lpEvent")
    if lp_event is None:
        return
    if not isinstance(lp_event, dict):
        raise EventError(f"{kind} event: `context.lpEvent` must be an object")
    last = lp_event.get("lastConsumerMessage")
    if last is not None and not isinstance(last, str):
        raise EventError(f"{kind} event: `context.lpEvent.lastConsumerMessage` must be a string")


def _check_rich_content(kind: str, data: JsonDict, context: JsonDict) -> None:
    _require(kind, data, "content", dict, "an object (json-pollock)")


def _check_hosted_file(kind: str, data: JsonDict, context: JsonDict) -> None:
    _require(kind, data, "relativePath", str, "a string")
    for key in ("fileType", "caption", "url", "content"):
        if key in data and not isinstance(data[key], str):
            raise EventError(f"{kind} event: `data.{key}` must be a string")
    size = data.get("size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        raise EventError(f"{kind} event: `data.size` must be a whole number of bytes")


def _check_signal(kind: str, data: JsonDict, context: JsonDict) -> None:
    _require(kind, data, "content", str, "a string")


def _check_conversation(kind: str, data: JsonDict, context: JsonDict) -> None:
    name = data.get("name")
    if name not in CONVERSATION_NAMES:
        raise EventError(
            f"{kind} event: `data.name` must be one of {', '.join(CONVERSATION_NAMES)},"
            f" not {name!r}"
        )


def _check_nothing(kind: str, data: JsonDict, context: JsonDict) -> None:
    return None


def _check_effect_result(kind: str, data: JsonDict, context: JsonDict) -> None:
    _require(kind, data, "id", str, "a string")
    if "error" in data:
        if not isinstance(data["error"], str):
            raise EventError(f"{kind} event: `data.error` must be a string")
        return
    status = data.get("status")
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise EventError(f"{kind} event: `data` needs an HTTP `status` (100-599) or an `error`")
    headers = data.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise EventError(f"{kind} event: `data.headers` must be an object of strings")


def _require(kind: str, data: JsonDict, key: str, wanted: type, described: str) -> None:
    if key not in data:
        raise EventError(f"{kind} event: `data.{key}` is required ({described})")
    if not isinstance(data[key], wanted) or isinstance(data[key], bool):
        raise EventError(f"{kind} event: `data.{key}` must be {described}")


def _kind(value: object) -> str:
    """The JSON name of a decoded value's kind, as a user who wrote the JSON calls it."""
    kinds = {dict: "an object", list: "an array", str: "a string", type(None): "null"}
    kinds.update({bool: "a boolean", int: "a number", float: "a number"})
    return kinds.get(type(value), type(value).__name__)


_CHECKS: dict[str, Callable[[str, JsonDict, JsonDict], None]] = {
    TEXT: _check_text,
    START: _check_start,
    RICH_CONTENT: _check_rich_content,
    HOSTED_FILE: _check_hosted_file,
    SIGNAL: _check_signal,
    CONVERSATION: _check_conversation,
    CLOSE_CONVERSATION: _check_nothing,
    EFFECT_RESULT: _check_effect_result,
}
_SUPPORTED = ", ".join(CONNECTOR_TYPES)
