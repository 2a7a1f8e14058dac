"""The records a store itself wrote last, kept in memory so a turn can skip reading them.

A store shared by several processes cannot know when another one wrote: a cached record
may be stale. That is safe wherever the cached record is only the starting point of a
compare-and-set: the stored version is no longer the cached one, so the write fails,
the caller drops the entry (`written` with `stored=False`) and reads the record afresh.
A record of the same key and version as the stored one is the stored one (versions only
grow while the key exists), except after the key was deleted and created again, its
versions starting over at 1: an entry therefore serves only until `lifetime` seconds
after its write was sent, which the store sets below the time its keys expire in.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

import attrs

from botc.runtime.stores.record import ConversationRecord

# The records kept at most, and the largest record (bytes of JSON) worth keeping.
CACHED_RECORDS = 4096
CACHED_RECORD_BYTES = 16 * 1024


@attrs.frozen
class _Entry:
    record: ConversationRecord
    usable_until: float  # time.monotonic()


class RecordCache:
    """The last record written to each of the recently written keys (least recently used
    first out); thread-safe. `lifetime` None: an entry serves until it is pushed out."""

    def __init__(
        self,
        lifetime: float | None = None,
        records: int = CACHED_RECORDS,
        record_bytes: int = CACHED_RECORD_BYTES,
    ) -> None:
        self._lifetime = lifetime
        self._records = records
        self._record_bytes = record_bytes
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> ConversationRecord | None:
        """The record last written to `key` here, or None (none kept, or too old)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.usable_until < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry.record

    def written(
        self, key: str, record: ConversationRecord, stored: bool, size: int, sent: float
    ) -> None:
        """After a write of `record` (`size` bytes of JSON, sent at monotonic time `sent`)
        to `key`: keep it if `stored`, unless a newer version is kept already; when it
        was refused, the stored record is not the one kept: forget the key."""
        with self._lock:
            kept = self._entries.get(key)
            if not stored or size > self._record_bytes:
                self._entries.pop(key, None)
                return
            if kept is not None and kept.record.version >= record.version:
                return
            lifetime = float("inf") if self._lifetime is None else self._lifetime
            self._entries[key] = _Entry(record, sent + lifetime)
            self._entries.move_to_end(key)
            if len(self._entries) > self._records:
                self._entries.popitem(last=False)

    def forget(self, key: str) -> None:
        """Drop what is kept of `key` (deleted from the store)."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
