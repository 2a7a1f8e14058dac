"""Conversations in one SQLite file (WAL), the default store: nothing to start.

Writes go through one writer thread that commits them in groups: every write waiting
when a commit starts is in it, so one fsync (`synchronous=FULL`) makes many turns durable
and a caller returns only once its own write is committed. Reads use a connection per
thread and never wait for the writer (WAL). Several processes may share the file:
SQLite's locking serializes their commits and the version column makes every write a
compare-and-set.

Replies kept for retries are rows of their own table, written in the same transaction as
the record they belong to; old conversations are deleted by `sweep`, in small batches
that each take the writer for a moment only.

A write submitted from an event loop (`submit_swap` on the loop's thread) is answered
with an asyncio future: after each commit the writer resolves every such future of the
group with one call into each loop, not one wake-up of the loop per write.

Records this process wrote are cached (a few thousand small ones), so a turn usually
reads none: a cached record is never newer than the file, and when another process
wrote since, the compare-and-set of the turn fails, the entry is dropped and the turn
runs again on the record read from the file (`RecordCache`).
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from botc.runtime.stores.base import StoreError, StoreLimits
from botc.runtime.stores.batching import LoopAnswer, answer_on_loops, next_batch
from botc.runtime.stores.codec import decode, encode
from botc.runtime.stores.record import REPLIES_KEPT, ConversationRecord, StoredReply, checked_size
from botc.runtime.stores.record_cache import RecordCache

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS conversations (
        key TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        pending INTEGER NOT NULL,
        record TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS replies (
        key TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        reply BLOB NOT NULL,
        PRIMARY KEY (key, sequence)
    ) WITHOUT ROWID""",
)
# How long a writer waits for another process's write lock before failing.
_BUSY_TIMEOUT_MS = 10_000
# Writes committed together at most, and conversations deleted by one sweep batch.
_GROUP_LIMIT = 256
SWEEP_BATCH = 200

Write = Callable[[sqlite3.Connection], Any]
# What a committed write's caller waits on: a future of a thread, or of an event loop.
Answer = Future[Any] | asyncio.Future[Any]
# Run in the writer right after the commit, in commit order: whether the write stored.
AfterCommit = Callable[[bool], None]


class _Queued:
    """A write waiting for the next group commit, who waits for it, and what follows it."""

    __slots__ = ("after", "answer", "write")

    def __init__(self, write: Write, answer: Answer, after: AfterCommit | None) -> None:
        self.write = write
        self.answer = answer
        self.after = after


class SQLiteStore:
    """A `ConversationStore` in the SQLite file at `path` (created with its folder if missing)."""

    def __init__(self, path: Path, limits: StoreLimits | None = None) -> None:
        self._path = path
        self._limits = limits or StoreLimits()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        retention = self._limits.retention_seconds
        # half the retention: well before any process's sweep may delete a conversation
        # that someone then creates again, its versions starting over at 1
        self._cache = RecordCache(lifetime=None if retention is None else retention / 2)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = self._connection()
            connection.execute("PRAGMA journal_mode=WAL")
            for statement in _SCHEMA:
                connection.execute(statement)
            _add_touched_column(connection)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open SQLite store {path}: {error}") from error
        self._writes: queue.SimpleQueue[_Queued | None] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write_groups, name="botc-sqlite-writer")
        self._writer.daemon = True
        self._writer.start()

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self._path,
            timeout=_BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        # FULL: a write acknowledged to the connector survives a crash of the machine too.
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        with self._lock:
            self._connections.append(connection)
        return connection

    def _connection(self) -> sqlite3.Connection:
        # sqlite3 connections must not be shared between threads: one per thread.
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._open()
            self._local.connection = connection
        return connection

    def _write(self, write: Write) -> Any:
        """Run `write` in the writer's next group commit; its result once committed."""
        return self._submit(write).result()

    def _submit(self, write: Write, after: AfterCommit | None = None) -> Future[Any]:
        """Queue `write` for the writer's next group commit; the future resolves after it."""
        done: Future[Any] = Future()
        self._writes.put(_Queued(write, done, after))
        return done

    def _submit_on_loop(
        self, write: Write, loop: asyncio.AbstractEventLoop, after: AfterCommit | None
    ) -> asyncio.Future[Any]:
        """`_submit` for a caller on `loop`: a future of that loop."""
        answer: asyncio.Future[Any] = loop.create_future()
        self._writes.put(_Queued(write, answer, after))
        return answer

    def _write_groups(self) -> None:
        connection = self._open()
        while (group := next_batch(self._writes, _GROUP_LIMIT)) is not None:
            _commit_group(connection, group)

    def create(self, key: str, record: ConversationRecord) -> bool:
        """Insert the conversation unless `key` exists (then False)."""
        text = checked_size(record.to_json(), self._limits.max_record_bytes).decode()

        def insert(connection: sqlite3.Connection) -> bool:
            cursor = connection.execute(
                "INSERT OR IGNORE INTO conversations (key, version, pending, touched, record)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, record.version, int(bool(record.pending)), time.time(), text),
            )
            return cursor.rowcount == 1

        written = self._submit(insert, self._cache_after(key, record, len(text)))
        return bool(written.result())

    def load(self, key: str) -> ConversationRecord | None:
        """The stored record of `key` (the one this process last wrote, when cached), or None."""
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        row = (
            self._connection()
            .execute("SELECT record FROM conversations WHERE key = ?", (key,))
            .fetchone()
        )
        return None if row is None else ConversationRecord.from_json(row[0])

    def _cache_after(self, key: str, record: ConversationRecord, size: int) -> AfterCommit:
        """What follows the commit of `record`: cache it if it was stored, else drop `key`.
        The writer runs it in commit order, so the cache follows the file."""

        sent = time.monotonic()

        def update(stored: bool) -> None:
            self._cache.written(key, record, stored, size, sent)

        return update

    def swap(self, key: str, record: ConversationRecord, reply: StoredReply | None = None) -> bool:
        """Write `record` (and `reply`) if the stored version is `record.version - 1`."""
        return bool(self._submit(*self._swap_write(key, record, reply)).result())

    def submit_swap(
        self, key: str, record: ConversationRecord, reply: StoredReply | None = None
    ) -> Answer:
        """`swap` without waiting: the future holds its result once the write is committed.
        Called on an event loop's thread it is a future of that loop, else of a thread.
        Raises RecordTooLarge at once."""
        write, after = self._swap_write(key, record, reply)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return self._submit(write, after)
        return self._submit_on_loop(write, loop, after)

    def _swap_write(
        self, key: str, record: ConversationRecord, reply: StoredReply | None
    ) -> tuple[Write, AfterCommit]:
        """The write of a swap, and the cache's update after it."""
        text = checked_size(record.to_json(), self._limits.max_record_bytes).decode()
        reply_text = None if reply is None else encode(reply.reply)

        def update(connection: sqlite3.Connection) -> bool:
            cursor = connection.execute(
                "UPDATE conversations SET version = ?, pending = ?, touched = ?, record = ?"
                " WHERE key = ? AND version = ?",
                (
                    record.version,
                    int(bool(record.pending)),
                    time.time(),
                    text,
                    key,
                    record.version - 1,
                ),
            )
            if cursor.rowcount != 1:
                return False
            if reply is not None:
                connection.execute(
                    "INSERT OR REPLACE INTO replies (key, sequence, reply) VALUES (?, ?, ?)",
                    (key, reply.sequence, reply_text),
                )
                connection.execute(
                    "DELETE FROM replies WHERE key = ? AND sequence <= ?",
                    (key, reply.sequence - REPLIES_KEPT),
                )
            return True

        return update, self._cache_after(key, record, len(text))

    def reply(self, key: str, sequence: int) -> dict[str, Any] | None:
        """The reply stored for `sequence` of `key`, or None."""
        row = (
            self._connection()
            .execute("SELECT reply FROM replies WHERE key = ? AND sequence = ?", (key, sequence))
            .fetchone()
        )
        return None if row is None else dict(decode(row[0]))

    def keys_with_pending(self) -> Iterator[str]:
        """Keys whose record lists unfinished effects."""
        rows = (
            self._connection().execute("SELECT key FROM conversations WHERE pending = 1").fetchall()
        )
        return iter([str(row[0]) for row in rows])

    def sweep(self) -> int:
        """Delete conversations untouched for the retention time, in small batches; how many."""
        if self._limits.retention_seconds is None:
            return 0
        cutoff = time.time() - self._limits.retention_seconds
        deleted = 0
        while True:
            keys = self._write(lambda connection: _delete_batch(connection, cutoff))
            for key in keys:
                self._cache.forget(key)
            count = len(keys)
            deleted += count
            if count < SWEEP_BATCH:
                return deleted
            time.sleep(0.01)  # let turns through between batches

    def close(self) -> None:
        """Finish the writes queued, then close every connection."""
        if self._writer.is_alive():
            self._writes.put(None)
            self._writer.join(timeout=10)
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()
        self._cache.clear()


def _commit_group(connection: sqlite3.Connection, group: list[_Queued]) -> None:
    """Run every write of `group` in one transaction; each caller gets its result after
    the commit (or the error, when the transaction failed and nothing was written)."""
    results: list[Any] = []
    failure: Exception | None = None
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            results = [queued.write(connection) for queued in group]
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    except Exception as error:
        failure = error
        results = [None] * len(group)
    on_loops: list[LoopAnswer] = []
    for queued, result in zip(group, results, strict=True):
        if queued.after is not None:
            queued.after(failure is None and bool(result))
        answer = queued.answer
        if isinstance(answer, asyncio.Future):
            on_loops.append((answer, result if failure is None else failure, _same))
        elif failure is None:
            answer.set_result(result)
        else:
            answer.set_exception(failure)
    answer_on_loops(on_loops)


def _same(result: Any) -> Any:
    return result


def _delete_batch(connection: sqlite3.Connection, cutoff: float) -> list[str]:
    keys = [
        row[0]
        for row in connection.execute(
            "SELECT key FROM conversations WHERE touched < ? AND pending = 0 LIMIT ?",
            (cutoff, SWEEP_BATCH),
        )
    ]
    for key in keys:
        connection.execute("DELETE FROM conversations WHERE key = ?", (key,))
        connection.execute("DELETE FROM replies WHERE key = ?", (key,))
    return keys


def _add_touched_column(connection: sqlite3.Connection) -> None:
    """Files written before retention get `touched` (set to now: their clock starts today)."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(conversations)")}
    if "touched" not in columns:
        connection.execute("ALTER TABLE conversations ADD COLUMN touched REAL NOT NULL DEFAULT 0")
        connection.execute("UPDATE conversations SET touched = ?", (time.time(),))
    connection.execute(
        "CREATE INDEX IF NOT EXISTS conversations_touched ON conversations (touched)"
    )
