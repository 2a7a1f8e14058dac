"""The SQLite store's writes submitted from an event loop (`submit_swap` on the loop's
thread): a future of that loop, resolved after the group commit that holds the write."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from botc.runtime.stores import StoredReply
from botc.runtime.stores.sqlite_store import SQLiteStore
from service.records import a_record


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = SQLiteStore(tmp_path / "loop.db")
    yield opened
    opened.close()


def test_a_swap_submitted_on_a_loop_is_a_future_of_that_loop(store: SQLiteStore) -> None:
    store.create("k", a_record())

    async def swap() -> tuple[bool, bool]:
        written = store.submit_swap("k", a_record().next_version(state={"n": 1}))
        return isinstance(written, asyncio.Future), await written

    assert asyncio.run(swap()) == (True, True)


def test_a_swap_awaited_on_a_loop_is_in_the_file_when_it_resolves(
    store: SQLiteStore, tmp_path: Path
) -> None:
    store.create("k", a_record())
    newer = a_record().next_version(state={"n": 1}, applied=4)

    async def swap() -> bool:
        return await store.submit_swap("k", newer, StoredReply(4, {"response": []}))

    assert asyncio.run(swap())
    with sqlite3.connect(tmp_path / "loop.db") as other:  # another connection: the file
        version = other.execute("SELECT version FROM conversations WHERE key = 'k'").fetchone()
    assert version == (2,)
    assert store.reply("k", 4) == {"response": []}


def test_many_swaps_submitted_at_once_on_a_loop_each_get_their_own_answer(
    store: SQLiteStore,
) -> None:
    for number in range(50):
        store.create(f"k{number}", a_record())

    async def swaps() -> list[bool]:
        fresh = [store.submit_swap(f"k{n}", a_record().next_version()) for n in range(25)]
        stale = [store.submit_swap(f"k{n}", a_record()) for n in range(25, 50)]
        return list(await asyncio.gather(*fresh, *stale))

    assert asyncio.run(swaps()) == [True] * 25 + [False] * 25


def test_a_swap_lost_on_a_loop_to_another_process_drops_the_cached_record(
    store: SQLiteStore, tmp_path: Path
) -> None:
    store.create("k", a_record(state={"mine": True}))
    other = SQLiteStore(tmp_path / "loop.db")  # another process on the same file
    theirs = a_record().next_version(state={"theirs": True})
    assert other.swap("k", theirs)
    other.close()
    assert store.load("k") == a_record(state={"mine": True})  # still the cached record

    async def stale() -> bool:
        return await store.submit_swap("k", a_record().next_version(state={"mine": 2}))

    assert not asyncio.run(stale())
    assert store.load("k") == theirs  # the entry is gone: read from the file


def test_a_swap_submitted_from_a_thread_is_a_thread_future(store: SQLiteStore) -> None:
    store.create("k", a_record())
    written = store.submit_swap("k", a_record().next_version())
    assert not isinstance(written, asyncio.Future)
    assert written.result(timeout=10)
