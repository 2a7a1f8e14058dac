"""Conversations in Redis, for several server processes or machines.

Each conversation is one hash (`version`, `record`, `pending`) and its kept replies a
second hash (sequence → reply) with a list of their sequences, oldest first; a Lua
script makes the version check and all the writes one atomic step on the server. Every
write sets the keys' expiry to the retention time, so Redis drops a conversation nobody
writes to.

The methods of `ConversationStore` send each command on the calling thread. A turn on
the event loop uses `submit_load` and `submit_swap` instead: their commands go out in
batches from one thread (`CommandBatches`), one round trip for the whole batch, and
the loop awaits the asyncio future they return.

The records this store wrote are kept (`RecordCache`, a few thousand small ones), and
`submit_load` answers from them without reading Redis: that is the turn's starting point
only, and its compare-and-set checks the version. When another process wrote since, the
kept record is stale, the compare-and-set fails, the entry is dropped and the turn runs
again on a turn thread, whose `load` always reads Redis (as every `load` does). An
entry serves for half the retention time at most: a conversation Redis expired and
someone created again starts over at version 1, which a kept record must not match.
(A Redis restarted without its data and a conversation created again within that time
are not guarded against: run Redis with persistence, see docs/SERVICE.md.)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import redis

from botc.runtime.stores.base import StoreError, StoreLimits
from botc.runtime.stores.codec import decode, encode
from botc.runtime.stores.record import REPLIES_KEPT, ConversationRecord, StoredReply, checked_size
from botc.runtime.stores.record_cache import RecordCache
from botc.runtime.stores.redis_batches import CommandBatches

_PREFIX = "botc:conversation:"
_REPLIES = "botc:replies:"
_ORDER = "botc:reply-order:"
_PENDING_SET = "botc:pending"

# KEYS: conversation, pending set, replies hash, reply order list.
# ARGV: expected version, new version, record, pending flag, key in the pending set,
# expiry in ms (0: none), reply sequence ('' for none), reply, replies kept.
# The hash keeps its pending flag too, so the set is written only when the flag changes
# (a hash written before the flag was kept has none: the set is written then); RPUSH
# answers the list's length, so the oldest replies are popped without asking it.
_SWAP = """
local stored = redis.call('HMGET', KEYS[1], 'version', 'pending')
if stored[1] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'record', ARGV[3], 'pending', ARGV[4])
if stored[2] ~= ARGV[4] then
  if ARGV[4] == '1' then redis.call('SADD', KEYS[2], ARGV[5])
  else redis.call('SREM', KEYS[2], ARGV[5]) end
end
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[7], ARGV[8])
  local over = redis.call('RPUSH', KEYS[4], ARGV[7]) - tonumber(ARGV[9])
  for _ = 1, over do redis.call('HDEL', KEYS[3], redis.call('LPOP', KEYS[4])) end
end
if ARGV[6] ~= '0' then
  for i = 1, 4 do if i ~= 2 then redis.call('PEXPIRE', KEYS[i], ARGV[6]) end end
end
return 1
"""
_CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[3], KEYS[4])
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'record', ARGV[2], 'pending', ARGV[3])
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[4]) end
if ARGV[5] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return 1
"""


class RedisStore:
    """A `ConversationStore` in the Redis database at `url` (`redis://host:port/db`)."""

    def __init__(self, url: str, limits: StoreLimits | None = None) -> None:
        self._limits = limits or StoreLimits()
        retention = self._limits.retention_seconds
        self._expiry_ms = "0" if retention is None else str(max(1, int(retention * 1000)))
        # half the retention: well before Redis may expire a key and someone re-create it
        self._written = RecordCache(lifetime=None if retention is None else retention / 2)
        try:
            self._client: Any = redis.Redis.from_url(url, socket_timeout=10)
            self._client.ping()
        except (redis.RedisError, ValueError) as error:
            raise StoreError(f"cannot reach Redis store {url}: {error}") from error
        self._swap = self._client.register_script(_SWAP)
        self._create = self._client.register_script(_CREATE)
        self._batches = CommandBatches(self._client)

    def _keys(self, key: str) -> list[str]:
        return [_PREFIX + key, _PENDING_SET, _REPLIES + key, _ORDER + key]

    def create(self, key: str, record: ConversationRecord) -> bool:
        """Store the conversation unless `key` exists (then False)."""
        text = checked_size(record.to_json(), self._limits.max_record_bytes)
        sent = time.monotonic()
        created = bool(
            self._create(
                keys=self._keys(key),
                args=[record.version, text, "1" if record.pending else "0", key, self._expiry_ms],
            )
        )
        self._written.written(key, record, created, len(text), sent)
        return created

    def load(self, key: str) -> ConversationRecord | None:
        """The stored record of `key`, or None."""
        return _record_or_none(self._client.hget(_PREFIX + key, "record"))

    def swap(self, key: str, record: ConversationRecord, reply: StoredReply | None = None) -> bool:
        """Write `record` (and `reply`) if the stored version is `record.version - 1`."""
        arguments = self._swap_arguments(record, key, reply)
        sent = time.monotonic()
        written = bool(self._swap(keys=self._keys(key), args=arguments))
        self._written.written(key, record, written, len(arguments[2]), sent)
        return written

    def submit_load(self, key: str) -> asyncio.Future[ConversationRecord | None]:
        """`load` from the running event loop for a turn, whose compare-and-set will
        check it: the record this store last wrote to `key` when it is kept (the future
        is done already; it may be stale, see `RecordCache`), else the stored one, read
        with the next batch (or None)."""
        cached = self._written.get(key)
        if cached is not None:
            done: asyncio.Future[ConversationRecord | None] = (
                asyncio.get_running_loop().create_future()
            )
            done.set_result(cached)
            return done
        return self._batches.submit(("HGET", _PREFIX + key, "record"), _record_or_none)

    def submit_swap(
        self, key: str, record: ConversationRecord, reply: StoredReply | None = None
    ) -> asyncio.Future[bool]:
        """`swap` from the running event loop, sent with the next batch; the future
        holds whether it was written. Raises RecordTooLarge (nothing queued) for a
        record over the size cap."""
        arguments = self._swap_arguments(record, key, reply)
        sent = time.monotonic()

        def written(answer: object) -> bool:  # on the loop, as the batch's answers arrive
            self._written.written(key, record, bool(answer), len(arguments[2]), sent)
            return bool(answer)

        return self._batches.submit_script(self._swap, self._keys(key), arguments, written)

    def _swap_arguments(
        self, record: ConversationRecord, key: str, reply: StoredReply | None
    ) -> list[str | bytes]:
        """The ARGV of the swap script (see `_SWAP`) writing `record` and `reply`."""
        text = checked_size(record.to_json(), self._limits.max_record_bytes)
        return [
            str(record.version - 1),
            str(record.version),
            text,
            "1" if record.pending else "0",
            key,
            self._expiry_ms,
            "" if reply is None else str(reply.sequence),
            b"" if reply is None else encode(reply.reply),
            str(REPLIES_KEPT),
        ]

    def reply(self, key: str, sequence: int) -> dict[str, Any] | None:
        """The reply kept for `sequence` of `key`, or None."""
        text = self._client.hget(_REPLIES + key, str(sequence))
        return None if text is None else dict(decode(text))

    def keys_with_pending(self) -> Iterator[str]:
        """Keys whose record lists unfinished effects."""
        members = self._client.smembers(_PENDING_SET)
        return iter(sorted(member.decode() for member in members))

    def sweep(self) -> int:
        """Nothing to do: every write sets the keys' expiry."""
        return 0

    def close(self) -> None:
        """Send the batch in progress, then close the connection pool."""
        self._batches.close()
        self._client.close()
        self._written.clear()


def _record_or_none(text: bytes | None) -> ConversationRecord | None:
    """The record stored as `text`; None when there is none."""
    return None if text is None else ConversationRecord.from_json(text)
