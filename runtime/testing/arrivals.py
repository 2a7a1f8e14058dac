"""Which incoming events can really arrive at a point of a conversation.

A generated conversation must be one a real platform could send, or the findings it leads
to are false alarms. What can arrive depends on the state and on what the bot last sent:

- START opens a conversation: only as the first event, or after the conversation closed
  (the bot sent a close, or the platform's CLOSED came);
- a file (`hosted-file`) only while an `upload` step waits for one;
- `__agent_escalation_failed__` only right after a response that carried a transfer;
- `FORM-SUBMISSION-INTENT` only after a secure form was sent and before it came back;
- `file_upload_success:...` / `file_upload_failed:...` never as a TEXT: the runtime makes
  them itself from an upload's result (they arrive as that result, EFFECT_RESULT);
- no other `__...__` platform text;
- consumer texts, rich content and signals at any time.

`Arrivals` holds what the rule needs; `Arrivals.after(turn)` moves it past one turn.
Both the exploration (`strategies.py`, `exploration.py`) and `botc verify` use it.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from botc.runtime.defaults import (
    ESCALATION_FAILED_TEXT,
    FORM_SUBMISSION_TEXT,
    UPLOAD_FAILED_PREFIX,
    UPLOAD_SUCCESS_PREFIX,
)
from botc.runtime.testing.expectations import item_kind
from botc.runtime.testing.scripted import consumer_text
from botc.runtime.testing.trace import TracedTurn
from botc.runtime.wire.events import HOSTED_FILE, START, TEXT, Event


@attrs.frozen
class Arrivals:
    """What decides which events can come next (see the module docstring)."""

    opening: bool = True  # nothing happened yet, or the conversation was closed
    upload_waits: bool = False
    transfer_sent: bool = False  # the last response carried a transfer
    form_open: bool = False  # a secure form was sent and not submitted yet

    def allows(self, event: Event) -> bool:
        """Whether `event` can arrive now."""
        if event.type == START:
            return self.opening
        if event.type == HOSTED_FILE:
            return self.upload_waits
        if event.type != TEXT:
            return True
        text = (consumer_text(event) or "").strip()
        if text.startswith((UPLOAD_SUCCESS_PREFIX, UPLOAD_FAILED_PREFIX)):
            return False
        if text == ESCALATION_FAILED_TEXT:
            return self.transfer_sent
        if text.upper() == FORM_SUBMISSION_TEXT:
            return self.form_open
        return not (len(text) > 4 and text.startswith("__") and text.endswith("__"))

    def after(self, turn: TracedTurn) -> Arrivals:
        """What can arrive after `turn` has run."""
        kinds = [item_kind(item) for item in turn.items]
        state = turn.states[-1] if turn.states else {}
        text = consumer_text(turn.event)
        submitted = text is not None and text.strip().upper() == FORM_SUBMISSION_TEXT
        wait = state.get("wait") or {}
        return Arrivals(
            opening=bool(state.get("ended")) or "close" in kinds,
            upload_waits=wait.get("kind") == "upload",
            transfer_sent="transfer" in kinds,
            form_open="secure form" in kinds or (self.form_open and not submitted),
        )


def arrivals_after(turns: Iterable[TracedTurn]) -> Arrivals:
    """What can arrive after `turns`, from the start of a conversation."""
    arrivals = Arrivals()
    for turn in turns:
        arrivals = arrivals.after(turn)
    return arrivals


def possible(events: Iterable[Event], turns: Iterable[TracedTurn]) -> bool:
    """Whether each of `events` could arrive where it did, given the replayed `turns` (one
    per event, as `replay` returns them)."""
    arrivals = Arrivals()
    for event, turn in zip(events, turns, strict=False):
        if not arrivals.allows(event):
            return False
        arrivals = arrivals.after(turn)
    return True
