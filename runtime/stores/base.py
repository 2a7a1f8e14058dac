"""The interface every conversation store implements (SQLite, Redis), and its limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import attrs

from botc.runtime.stores.record import DEFAULT_MAX_RECORD_BYTES, ConversationRecord, StoredReply

# How long a conversation nobody writes to is kept: `--retention`, 30 days by default.
DEFAULT_RETENTION_SECONDS = 30 * 24 * 3600.0


class StoreError(Exception):
    """A store could not be opened or reached; the message says which and why."""


@attrs.frozen
class StoreLimits:
    """What a store keeps: records up to `max_record_bytes` of JSON, conversations for
    `retention_seconds` after their last write (None: for ever)."""

    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    retention_seconds: float | None = DEFAULT_RETENTION_SECONDS


class ConversationStore(Protocol):
    """Conversations by key (`botId/environment/convId`), written with compare-and-set.

    Every method is safe to call from several threads and several processes at once.
    `create` and `swap` raise `RecordTooLarge` (writing nothing) for a record over the
    store's `max_record_bytes`.
    """

    def create(self, key: str, record: ConversationRecord) -> bool:
        """Store a new conversation; False (and nothing written) when `key` exists."""
        ...

    def load(self, key: str) -> ConversationRecord | None:
        """The conversation's current record, or None when there is none."""
        ...

    def swap(self, key: str, record: ConversationRecord, reply: StoredReply | None = None) -> bool:
        """Replace the record whose version is `record.version - 1` with `record`, and
        keep `reply` for its sequence (the last REPLIES_KEPT sequences are kept), in one
        atomic step.

        Returns False, writing nothing, when the stored version is another (someone
        else wrote first) or the conversation does not exist.
        """
        ...

    def reply(self, key: str, sequence: int) -> dict[str, Any] | None:
        """The reply kept for `sequence` of the conversation, or None."""
        ...

    def keys_with_pending(self) -> Iterator[str]:
        """Keys of conversations whose record lists unfinished effects."""
        ...

    def sweep(self) -> int:
        """Delete conversations past the retention time; how many (0 where they expire
        on their own)."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
