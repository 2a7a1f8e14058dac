"""One conversation as the service stores it: state, context, outbox and retry mark.

The record is a single JSON document so that a store can replace it atomically: the
new state, the items still to deliver and the high-water mark of the event that produced
them are written together or not at all. Replies kept for retries live beside it in the
store (`ConversationStore.reply`), written in the same atomic step but never read or
rewritten by a turn: a turn decodes and encodes only this small record.
"""

from __future__ import annotations

from typing import Any

import attrs

from botc.runtime.stores.codec import decode, encode

# How many replies to recent `lpEvent.sequence` numbers a conversation keeps for retries.
REPLIES_KEPT = 64
# The largest record (JSON bytes) a store writes by default: `--max-record-bytes`.
DEFAULT_MAX_RECORD_BYTES = 1024 * 1024

JsonObject = dict[str, Any]


class RecordTooLarge(Exception):
    """A record over the store's size cap; nothing was written."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"the conversation's record would be {size} bytes, over the limit of {limit}"
        )
        self.size = size
        self.limit = limit


@attrs.frozen
class StoredReply:
    """The reply sent for the event with lpEvent.sequence `sequence`, kept for its retries."""

    sequence: int
    reply: JsonObject


@attrs.frozen
class ConversationRecord:
    """A conversation's stored data.

    `version` grows by one on every write and is what the compare-and-set checks;
    `state` is the interpreter's `ConversationState` JSON (None before the first event);
    `outbox` holds response items to deliver with the next reply; `applied` is the
    high-water mark: the highest `lpEvent.sequence` whose turn ran (None before any);
    `pending` holds effects started but not finished (uploads), so a restarted service
    can finish them; `claim` names the worker running a turn with effects, so that no
    other worker runs a turn of this conversation (and repeats those effects) meanwhile.
    """

    version: int
    sdes: JsonObject
    context: JsonObject
    state: JsonObject | None = None
    outbox: tuple[JsonObject, ...] = ()
    applied: int | None = None
    pending: tuple[JsonObject, ...] = ()
    claim: JsonObject | None = None

    def next_version(self, **changes: Any) -> ConversationRecord:
        """A copy with `changes` applied and the version one higher (what a write stores)."""
        return attrs.evolve(self, version=self.version + 1, **changes)

    def to_json(self) -> bytes:
        """The record as one JSON text (UTF-8)."""
        return encode(
            {
                "version": self.version,
                "sdes": self.sdes,
                "context": self.context,
                "state": self.state,
                "outbox": list(self.outbox),
                "applied": self.applied,
                "pending": list(self.pending),
                "claim": self.claim,
            }
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> ConversationRecord:
        """Read a record written by `to_json` (or by a version that kept replies inside)."""
        data = decode(text)
        applied = data.get("applied")
        if "replies" in data and applied is None:  # before the mark: the newest stored reply
            numbers = [int(seq) for seq, _ in data["replies"] if str(seq).isdigit()]
            applied = max(numbers, default=None)
        return cls(
            version=int(data["version"]),
            sdes=data["sdes"],
            context=data["context"],
            state=data["state"],
            outbox=tuple(data["outbox"]),
            applied=applied,
            pending=tuple(data["pending"]),
            claim=data.get("claim"),
        )


def checked_size(text: bytes, limit: int) -> bytes:
    """`text` when it is at most `limit` bytes; raises RecordTooLarge otherwise."""
    if len(text) > limit:
        raise RecordTooLarge(len(text), limit)
    return text
