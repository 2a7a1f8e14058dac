"""Conversations in one SQLite file (WAL), the default store: nothing to start.

Several processes may share the file: SQLite's locking serializes writers and the
version column makes every write a compare-and-set.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from runtime.stores.base import StoreError
from runtime.stores.record import ConversationRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    key TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    pending INTEGER NOT NULL,
    record TEXT NOT NULL
)
"""
# How long a writer waits for another process's write lock before failing.
_BUSY_TIMEOUT_MS = 10_000


class SQLiteStore:
    """A `ConversationStore` in the SQLite file at `path` (created with its folder if missing)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # One writer at a time inside the process: SQLite's busy handler sleeps in coarse steps.
        self._write_lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = self._connection()
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open SQLite store {path}: {error}") from error

    def _connection(self) -> sqlite3.Connection:
        # sqlite3 connections must not be shared between threads: one per thread.
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self._path,
                timeout=_BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            # FULL: a write acknowledged to the connector survives a crash of the machine too.
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def create(self, key: str, record: ConversationRecord) -> bool:
        """Insert the conversation unless `key` exists (then False)."""
        with self._write_lock:
            cursor = self._connection().execute(
                "INSERT OR IGNORE INTO conversations (key, version, pending, record)"
                " VALUES (?, ?, ?, ?)",
                (key, record.version, int(bool(record.pending)), record.to_json()),
            )
        return cursor.rowcount == 1

    def load(self, key: str) -> ConversationRecord | None:
        """The stored record of `key`, or None."""
        row = (
            self._connection()
            .execute("SELECT record FROM conversations WHERE key = ?", (key,))
            .fetchone()
        )
        return None if row is None else ConversationRecord.from_json(row[0])

    def swap(self, key: str, record: ConversationRecord) -> bool:
        """Write `record` if the stored version is `record.version - 1`."""
        with self._write_lock:
            cursor = self._connection().execute(
                "UPDATE conversations SET version = ?, pending = ?, record = ?"
                " WHERE key = ? AND version = ?",
                (
                    record.version,
                    int(bool(record.pending)),
                    record.to_json(),
                    key,
                    record.version - 1,
                ),
            )
        return cursor.rowcount == 1

    def keys_with_pending(self) -> Iterator[str]:
        """Keys whose record lists unfinished effects."""
        rows = (
            self._connection().execute("SELECT key FROM conversations WHERE pending = 1").fetchall()
        )
        return iter([str(row[0]) for row in rows])

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()
