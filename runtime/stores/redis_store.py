"""Conversations in Redis, for several server processes or machines.

Each conversation is one hash (`version`, `record`); a Lua script makes the version
check and the write one atomic step on the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import redis

from runtime.stores.base import StoreError
from runtime.stores.record import ConversationRecord

_PREFIX = "botc:conversation:"
_PENDING_SET = "botc:pending"

# KEYS[1] conversation, KEYS[2] pending set; ARGV: expected version, new version, record,
# pending flag, conversation key as stored in the pending set.
_SWAP = """
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'record', ARGV[3])
if ARGV[4] == '1' then redis.call('SADD', KEYS[2], ARGV[5])
else redis.call('SREM', KEYS[2], ARGV[5]) end
return 1
"""
_CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'record', ARGV[2])
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[4]) end
return 1
"""


class RedisStore:
    """A `ConversationStore` in the Redis database at `url` (`redis://host:port/db`)."""

    def __init__(self, url: str) -> None:
        try:
            self._client: Any = redis.Redis.from_url(url, socket_timeout=10)
            self._client.ping()
        except (redis.RedisError, ValueError) as error:
            raise StoreError(f"cannot reach Redis store {url}: {error}") from error
        self._swap = self._client.register_script(_SWAP)
        self._create = self._client.register_script(_CREATE)

    def create(self, key: str, record: ConversationRecord) -> bool:
        """Store the conversation unless `key` exists (then False)."""
        created = self._create(
            keys=[_PREFIX + key, _PENDING_SET],
            args=[record.version, record.to_json(), "1" if record.pending else "0", key],
        )
        return bool(created)

    def load(self, key: str) -> ConversationRecord | None:
        """The stored record of `key`, or None."""
        text = self._client.hget(_PREFIX + key, "record")
        return None if text is None else ConversationRecord.from_json(text)

    def swap(self, key: str, record: ConversationRecord) -> bool:
        """Write `record` if the stored version is `record.version - 1`."""
        written = self._swap(
            keys=[_PREFIX + key, _PENDING_SET],
            args=[
                str(record.version - 1),
                str(record.version),
                record.to_json(),
                "1" if record.pending else "0",
                key,
            ],
        )
        return bool(written)

    def keys_with_pending(self) -> Iterator[str]:
        """Keys whose record lists unfinished effects."""
        members = self._client.smembers(_PENDING_SET)
        return iter(sorted(member.decode() for member in members))

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()
