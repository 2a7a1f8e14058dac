"""One conversation as the service stores it: state, context, outbox and recent replies.

The record is a single JSON document so that a store can replace it atomically: the
new state, the items still to deliver and the reply to the event that produced them
are written together or not at all.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

# How many replies to recent `lpEvent.sequence` numbers a conversation keeps for retries.
REPLIES_KEPT = 32

JsonObject = dict[str, Any]


@attrs.frozen
class ConversationRecord:
    """A conversation's stored data.

    `version` grows by one on every write and is what the compare-and-set checks;
    `state` is the interpreter's `ConversationState` JSON (None before the first event);
    `outbox` holds response items to deliver with the next reply; `replies` maps a
    sequence number (as text) to the reply sent for it, oldest first; `pending` holds
    effects started but not finished (uploads), so a restarted service can finish them;
    `claim` names the worker running a turn with effects, so that no other worker runs
    a turn of this conversation (and repeats those effects) meanwhile.
    """

    version: int
    sdes: JsonObject
    context: JsonObject
    state: JsonObject | None = None
    outbox: tuple[JsonObject, ...] = ()
    replies: tuple[tuple[str, JsonObject], ...] = ()
    pending: tuple[JsonObject, ...] = ()
    claim: JsonObject | None = None

    def reply_for(self, sequence: str) -> JsonObject | None:
        """The stored reply for `sequence`, or None when that event was not answered."""
        for seen, reply in self.replies:
            if seen == sequence:
                return reply
        return None

    def with_reply(self, sequence: str, reply: JsonObject) -> ConversationRecord:
        """This record with `reply` kept for `sequence`, dropping the oldest past the limit."""
        kept = tuple(item for item in self.replies if item[0] != sequence)
        replies = (*kept, (sequence, reply))[-REPLIES_KEPT:]
        return attrs.evolve(self, replies=replies)

    def next_version(self, **changes: Any) -> ConversationRecord:
        """A copy with `changes` applied and the version one higher (what a write stores)."""
        return attrs.evolve(self, version=self.version + 1, **changes)

    def to_json(self) -> str:
        """The record as one JSON text."""
        return json.dumps(
            {
                "version": self.version,
                "sdes": self.sdes,
                "context": self.context,
                "state": self.state,
                "outbox": list(self.outbox),
                "replies": [[sequence, reply] for sequence, reply in self.replies],
                "pending": list(self.pending),
                "claim": self.claim,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> ConversationRecord:
        """Read a record written by `to_json`."""
        data = json.loads(text)
        return cls(
            version=int(data["version"]),
            sdes=data["sdes"],
            context=data["context"],
            state=data["state"],
            outbox=tuple(data["outbox"]),
            replies=tuple((str(sequence), reply) for sequence, reply in data["replies"]),
            pending=tuple(data["pending"]),
            claim=data.get("claim"),
        )
