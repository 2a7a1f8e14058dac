"""The interface every conversation store implements (SQLite, Redis)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from runtime.stores.record import ConversationRecord


class StoreError(Exception):
    """A store could not be opened or reached; the message says which and why."""


class ConversationStore(Protocol):
    """Conversations by key (`botId/environment/convId`), written with compare-and-set.

    Every method is safe to call from several threads and several processes at once.
    """

    def create(self, key: str, record: ConversationRecord) -> bool:
        """Store a new conversation; False (and nothing written) when `key` exists."""
        ...

    def load(self, key: str) -> ConversationRecord | None:
        """The conversation's current record, or None when there is none."""
        ...

    def swap(self, key: str, record: ConversationRecord) -> bool:
        """Replace the record whose version is `record.version - 1` with `record`.

        Returns False, writing nothing, when the stored version is another (someone
        else wrote first) or the conversation does not exist.
        """
        ...

    def keys_with_pending(self) -> Iterator[str]:
        """Keys of conversations whose record lists unfinished effects."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
