"""What a test or an exploration feeds a bot: incoming events and scripted integration outcomes.

Events are the runtime's own `runtime.wire.events.Event`, built here with the shape a
connector sends (WIRE.md 1) so the runner, the strategies and the counterexample printer
agree on it; the replay checks each one at the runtime's edge (`stepping.checked`), as a
connector's would be. `returns` and `fails` build the `Outcome`
(`runtime.drivers.stubs`) a test block's `NAME returns ...` / `NAME fails` line scripts for
one call of an integration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from botc.runtime.defaults import ESCALATION_FAILED_TEXT
from botc.runtime.drivers.stubs import Outcome
from botc.runtime.wire.events import (
    EFFECT_RESULT,
    HOSTED_FILE,
    RICH_CONTENT,
    SIGNAL,
    START,
    TEXT,
    Event,
)

_CONSUMER = "CONSUMER"
_CONVERSATION = "CONVERSATION"

# The error a failed scripted call reports (WIRE.md 4 uses "timeout" as its example).
FAILURE_ERROR = "timeout"


def returns(body: Any = None, *, status: int = 200, line: int | None = None) -> Outcome:
    """`NAME returns [status N] {json}`: the answer's JSON body first, its status by name.

    Raises TypeError for a status that is not a whole number (a body passed in its place).
    """
    if isinstance(status, bool) or not isinstance(status, int):
        raise TypeError(f"returns(): status must be a whole number, not {status!r}")
    headers = {"content-type": "application/json"} if body is not None else {}
    return Outcome(status=status, body=body, error=None, line=line, headers=headers)


def fails(error: str = FAILURE_ERROR, *, line: int | None = None) -> Outcome:
    """`NAME fails`: the call ends with a transport error."""
    return Outcome(status=None, body=None, error=error, line=line)


@attrs.frozen
class Conversation:
    """A list of incoming events plus, per integration, the outcomes of its calls in order."""

    events: tuple[Event, ...]
    outcomes: Mapping[str, tuple[Outcome, ...]] = attrs.field(factory=dict)


# ---------------------------------------------------------------- incoming events


def text_event(text: str) -> Event:
    """A consumer TEXT event."""
    return Event(type=TEXT, data={"message": text}, source=_CONSUMER)


def escalation_failed_event() -> Event:
    """The platform's report of a failed transfer (LANGUAGE.md 5.7)."""
    return text_event(ESCALATION_FAILED_TEXT)


def start_event(last_message: str | None = None) -> Event:
    """A START event, with `lastConsumerMessage` when given."""
    lp_event: dict[str, Any] = {}
    if last_message is not None:
        lp_event["lastConsumerMessage"] = last_message
    return Event(type=START, context={"lpEvent": lp_event}, source=_CONVERSATION)


def file_type_of(filename: str) -> str:
    """The `fileType` a hosted file gets from its extension (`id.pdf` -> `PDF`)."""
    _, dot, extension = filename.rpartition(".")
    return extension.upper() if dot else ""


def file_event(filename: str, size: int | None = None) -> Event:
    """A consumer's `hosted-file` event; the type comes from the extension."""
    data: dict[str, Any] = {"relativePath": filename, "fileType": file_type_of(filename)}
    if size is not None:
        data["size"] = size
    return Event(type=HOSTED_FILE, data=data, source=_CONSUMER)


def rich_content_event(content: Any) -> Event:
    """A RICH_CONTENT event carrying `content` (json-pollock)."""
    return Event(type=RICH_CONTENT, data={"content": content}, source=_CONSUMER)


def signal_event(payload: str) -> Event:
    """A SIGNAL event carrying `payload`."""
    return Event(type=SIGNAL, data={"content": payload}, source=_CONVERSATION)


def effect_result_event(effect_id: str, outcome: Outcome) -> Event:
    """The EFFECT_RESULT event that feeds `outcome` back for the effect `effect_id`."""
    return Event(type=EFFECT_RESULT, data=outcome.result_data(effect_id))


def consumer_text(event: Event) -> str | None:
    """The message of a TEXT event, else None."""
    if event.type != TEXT:
        return None
    message = event.data.get("message")
    return message if isinstance(message, str) else None
