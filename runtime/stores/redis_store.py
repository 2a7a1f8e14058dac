"""Conversations in Redis, for several server processes or machines.

Each conversation is one hash: `version`, `record`, `pending`, and its kept replies, a
field `reply:<sequence>` each. A Lua script makes the version check and all the writes
one atomic step on the server. Every write sets the hash's expiry to the retention
time, so Redis drops a conversation nobody writes to.

The kept replies are those of the last 64 sequence numbers, as in SQLite: a write of the
reply to sequence s deletes the field of s - 64. A field the connector's sequence
skipped is never named that way, so when the hash holds twice as many replies as it
keeps, the script deletes every field of s - 64 or less (the sequence numbers compared
as digit strings: a Lua number holds only 53 bits, an `lpEvent.sequence` 63).

The methods of `ConversationStore` send each command on the calling thread. A turn on
the event loop uses `submit_load` and `submit_swap` instead: their commands go out in
batches from one thread (`CommandBatches`), one round trip for the whole batch, and
the loop awaits the asyncio future they return. The compare-and-sets of one batch are
one call of the script (`MergedScript`): Redis then pays for one script call per batch,
not one per turn (10.5 µs of redis-server per turn became 6.5 in a pipeline of 16).

The records this store wrote are kept (`RecordCache`, a few thousand small ones), and
`submit_load` answers from them without reading Redis: that is the turn's starting point
only, and its compare-and-set checks the version. When another process wrote since, the
kept record is stale, the compare-and-set fails, the entry is dropped and the turn runs
again on a turn thread, whose `load` always reads Redis (as every `load` does). An
entry serves for half the retention time at most: a conversation Redis expired and
someone created again starts over at version 1, which a kept record must not match.
(A Redis restarted without its data and a conversation created again within that time
are not guarded against: run Redis with persistence, see docs/SERVICE.md.)

Conversations written before the replies moved into the hash kept them in a hash
`botc:replies:<key>` (and their order in a list `botc:reply-order:<key>`): `reply` still
reads them there, they expire as they did, and creating a conversation deletes them.
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
from botc.runtime.stores.redis_batches import CommandBatches, MergedScript

_PREFIX = "botc:conversation:"
_PENDING_SET = "botc:pending"
_REPLY_FIELD = "reply:"
# Where conversations written by earlier versions keep their replies (see above).
_LEGACY_REPLIES = "botc:replies:"
_LEGACY_ORDER = "botc:reply-order:"

# KEYS: the pending set, then one conversation hash per write.
# ARGV: replies kept, expiry in ms ('0': none), then 8 per write: expected version, new
# version, record, pending flag, key in the pending set, the reply's field ('' for none),
# the reply, the sequence whose reply goes (s - kept, '' when below 0).
# Answers a list: per write, 1 when written, 0 when the version did not match.
# The hash keeps its pending flag too, so the set is written only when the flag changes
# (a hash written before the flag was kept has none: the set is written then).
_SWAP = """
local kept, expiry = tonumber(ARGV[1]), ARGV[2]
local function at_most(digits, limit)
  return #digits < #limit or (#digits == #limit and digits <= limit)
end
local written = {}
for w = 1, #KEYS - 1 do
  local conversation, a = KEYS[w + 1], 2 + (w - 1) * 8
  local stored = redis.call('HMGET', conversation, 'version', 'pending')
  if stored[1] ~= ARGV[a + 1] then
    written[w] = 0
  else
    local flag, field, oldest = ARGV[a + 4], ARGV[a + 6], ARGV[a + 8]
    if field == '' then
      redis.call('HSET', conversation, 'version', ARGV[a + 2], 'record', ARGV[a + 3],
        'pending', flag)
    else
      redis.call('HSET', conversation, 'version', ARGV[a + 2], 'record', ARGV[a + 3],
        'pending', flag, field, ARGV[a + 7])
      if oldest ~= '' and redis.call('HDEL', conversation, 'reply:' .. oldest) == 0
          and redis.call('HLEN', conversation) > 2 * kept + 3 then
        for _, name in ipairs(redis.call('HKEYS', conversation)) do
          local digits = string.match(name, '^reply:(%d+)$')
          if digits and at_most(digits, oldest) then redis.call('HDEL', conversation, name) end
        end
      end
    end
    if stored[2] ~= flag then
      if flag == '1' then redis.call('SADD', KEYS[1], ARGV[a + 5])
      else redis.call('SREM', KEYS[1], ARGV[a + 5]) end
    end
    if expiry ~= '0' then redis.call('PEXPIRE', conversation, expiry) end
    written[w] = 1
  end
end
return written
"""
# KEYS: conversation, pending set, and the replies of an earlier version's layout.
# ARGV: version, record, pending flag, key in the pending set, expiry in ms (0: none).
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
        self._swap = MergedScript(
            self._client.register_script(_SWAP),
            shared_keys=(_PENDING_SET,),
            shared_args=(str(REPLIES_KEPT), self._expiry_ms),
        )
        self._create = self._client.register_script(_CREATE)
        self._batches = CommandBatches(self._client)

    def create(self, key: str, record: ConversationRecord) -> bool:
        """Store the conversation unless `key` exists (then False)."""
        text = checked_size(record.to_json(), self._limits.max_record_bytes)
        sent = time.monotonic()
        created = bool(
            self._create(
                keys=[_PREFIX + key, _PENDING_SET, _LEGACY_REPLIES + key, _LEGACY_ORDER + key],
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
        arguments = _swap_arguments(record, key, reply, self._limits.max_record_bytes)
        sent = time.monotonic()
        written = bool(self._swap.call(self._client, [_PREFIX + key], arguments)[0])
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
        """`swap` from the running event loop, sent with the next batch (one script call
        for all the batch's swaps); the future holds whether it was written. Raises
        RecordTooLarge (nothing queued) for a record over the size cap."""
        arguments = _swap_arguments(record, key, reply, self._limits.max_record_bytes)
        sent = time.monotonic()

        def written(answer: object) -> bool:  # on the loop, as the batch's answers arrive
            self._written.written(key, record, bool(answer), len(arguments[2]), sent)
            return bool(answer)

        return self._batches.submit_call(self._swap, (_PREFIX + key,), arguments, written)

    def reply(self, key: str, sequence: int) -> dict[str, Any] | None:
        """The reply kept for `sequence` of `key`, or None."""
        pipeline = self._client.pipeline(transaction=False)
        pipeline.hget(_PREFIX + key, f"{_REPLY_FIELD}{sequence}")
        pipeline.hget(_LEGACY_REPLIES + key, str(sequence))  # written by an earlier version
        text = next((found for found in pipeline.execute() if found is not None), None)
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


def _swap_arguments(
    record: ConversationRecord, key: str, reply: StoredReply | None, max_record_bytes: int
) -> list[str | bytes]:
    """One write's arguments to the swap script (see `_SWAP`): `record` and `reply`."""
    text = checked_size(record.to_json(), max_record_bytes)
    oldest = None if reply is None else reply.sequence - REPLIES_KEPT
    return [
        str(record.version - 1),
        str(record.version),
        text,
        "1" if record.pending else "0",
        key,
        "" if reply is None else f"{_REPLY_FIELD}{reply.sequence}",
        b"" if reply is None else encode(reply.reply),
        "" if oldest is None or oldest < 0 else str(oldest),
    ]


def _record_or_none(text: bytes | None) -> ConversationRecord | None:
    """The record stored as `text`; None when there is none."""
    return None if text is None else ConversationRecord.from_json(text)
