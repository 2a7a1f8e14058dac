"""Open a store from its URL: `sqlite:///PATH.db` or `redis://HOST:PORT/DB`."""

from __future__ import annotations

from pathlib import Path

from botc.runtime.stores.base import ConversationStore, StoreError, StoreLimits

DEFAULT_STORE_URL = "sqlite:///botc-conversations.db"


def open_store(url: str, limits: StoreLimits | None = None) -> ConversationStore:
    """The store `url` names, keeping what `limits` allow; raises StoreError for an unknown
    scheme or an unreachable store.

    `sqlite:///relative.db` is relative to the working directory and
    `sqlite:////abs/path.db` absolute, as in SQLAlchemy URLs.
    """
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if not path:
            raise StoreError(f"store URL {url!r} names no file: use sqlite:///PATH.db")
        from botc.runtime.stores.sqlite_store import SQLiteStore

        return SQLiteStore(Path(path), limits)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from botc.runtime.stores.redis_store import RedisStore

        return RedisStore(url, limits)
    raise StoreError(f"unknown store URL {url!r}: use sqlite:///PATH.db or redis://HOST:PORT/DB")
