"""The cache of records a store wrote (`runtime.stores.record_cache`): what it keeps,
what it forgets, and for how long an entry serves."""

from __future__ import annotations

import time

from botc.runtime.stores import ConversationRecord
from botc.runtime.stores.record_cache import RecordCache


def version(number: int) -> ConversationRecord:
    return ConversationRecord(version=number, sdes={}, context={}, state={"at": number})


def test_a_stored_write_is_kept() -> None:
    cache = RecordCache()
    cache.written("k", version(2), stored=True, size=10, sent=time.monotonic())
    assert cache.get("k") == version(2)


def test_a_refused_write_forgets_the_key() -> None:
    cache = RecordCache()
    cache.written("k", version(2), stored=True, size=10, sent=time.monotonic())
    cache.written("k", version(3), stored=False, size=10, sent=time.monotonic())
    assert cache.get("k") is None


def test_an_older_version_answered_late_does_not_replace_a_newer_one() -> None:
    cache = RecordCache()
    cache.written("k", version(3), stored=True, size=10, sent=time.monotonic())
    cache.written("k", version(2), stored=True, size=10, sent=time.monotonic())
    assert cache.get("k") == version(3)


def test_a_record_over_the_byte_limit_is_not_kept() -> None:
    cache = RecordCache(record_bytes=100)
    cache.written("k", version(2), stored=True, size=100, sent=time.monotonic())
    cache.written("big", version(2), stored=True, size=101, sent=time.monotonic())
    assert (cache.get("k"), cache.get("big")) == (version(2), None)


def test_an_entry_serves_no_longer_than_its_lifetime_from_when_the_write_was_sent() -> None:
    cache = RecordCache(lifetime=5.0)
    cache.written("old", version(2), stored=True, size=10, sent=time.monotonic() - 6)
    cache.written("new", version(2), stored=True, size=10, sent=time.monotonic())
    assert (cache.get("old"), cache.get("new")) == (None, version(2))


def test_the_least_recently_used_key_goes_first_when_full() -> None:
    cache = RecordCache(records=2)
    for key in ("a", "b"):
        cache.written(key, version(1), stored=True, size=10, sent=time.monotonic())
    cache.get("a")
    cache.written("c", version(1), stored=True, size=10, sent=time.monotonic())
    assert [cache.get(key) is not None for key in ("a", "b", "c")] == [True, False, True]
