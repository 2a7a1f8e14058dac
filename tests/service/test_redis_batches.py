"""The Redis store's commands from the event loop (`submit_load`, `submit_swap`): sent in
batches by one thread, against a real redis-server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import redis

from botc.runtime.stores import ConversationRecord, RecordTooLarge, StoredReply, StoreLimits
from botc.runtime.stores.redis_batches import MergedScript, _answers, _Command, _merged
from botc.runtime.stores.redis_store import RedisStore
from service.processes import RedisServer
from service.records import a_record


@pytest.fixture
def store(redis_server: RedisServer) -> Iterator[RedisStore]:
    opened = RedisStore(redis_server.url, StoreLimits(max_record_bytes=4096))
    yield opened
    opened.close()


def test_submitted_load_reads_what_the_blocking_create_wrote(store: RedisStore) -> None:
    record = a_record(state={"at": 3})
    store.create("k", record)

    async def load() -> ConversationRecord | None:
        return await store.submit_load("k")

    assert asyncio.run(load()) == record


def test_submitted_load_of_an_unknown_conversation_is_none(store: RedisStore) -> None:
    async def load() -> ConversationRecord | None:
        return await store.submit_load("nobody")

    assert asyncio.run(load()) is None


def test_submitted_swap_writes_the_record_and_its_reply(store: RedisStore) -> None:
    store.create("k", a_record())
    newer = a_record().next_version(state={"turns": 1}, applied=7)

    async def swap() -> bool:
        return await store.submit_swap("k", newer, StoredReply(7, {"response": []}))

    assert asyncio.run(swap())
    assert store.load("k") == newer
    assert store.reply("k", 7) == {"response": []}


def test_submitted_swap_from_a_stale_version_is_refused(store: RedisStore) -> None:
    store.create("k", a_record())
    assert store.swap("k", a_record().next_version(state={"by": "first"}))

    async def swap() -> bool:
        return await store.submit_swap("k", a_record().next_version(state={"by": "second"}))

    assert not asyncio.run(swap())
    loaded = store.load("k")
    assert loaded is not None and loaded.state == {"by": "first"}


def test_concurrent_submitted_increments_are_each_applied_once(store: RedisStore) -> None:
    keys = [f"k{n}" for n in range(8)]
    for key in keys:
        store.create(key, a_record(state={"count": 0}))

    async def increment(key: str) -> None:
        while True:
            record = await store.submit_load(key)
            assert record is not None and record.state is not None
            newer = record.next_version(state={"count": record.state["count"] + 1})
            if await store.submit_swap(key, newer):
                return

    async def all_at_once() -> None:
        await asyncio.gather(*(increment(key) for key in keys for _ in range(16)))

    asyncio.run(all_at_once())
    for key in keys:
        loaded = store.load(key)
        assert loaded is not None and loaded.state == {"count": 16}


def test_submitted_swap_writes_after_redis_forgot_its_scripts(
    store: RedisStore, redis_server: RedisServer
) -> None:
    store.create("k", a_record())
    redis.Redis.from_url(redis_server.url).script_flush()

    async def swap() -> bool:
        return await store.submit_swap("k", a_record().next_version(state={"after": "flush"}))

    assert asyncio.run(swap())
    loaded = store.load("k")
    assert loaded is not None and loaded.state == {"after": "flush"}


def test_submitted_swap_over_the_size_cap_is_refused_before_sending(store: RedisStore) -> None:
    store.create("k", a_record())

    async def swap() -> bool:
        return await store.submit_swap("k", a_record().next_version(state={"x": "y" * 5000}))

    with pytest.raises(RecordTooLarge):
        asyncio.run(swap())
    assert store.load("k") == a_record()


def test_an_unreadable_record_fails_its_own_load_only(
    store: RedisStore, redis_server: RedisServer
) -> None:
    writer = RedisStore(redis_server.url)  # another process's: `store` keeps none of its writes
    writer.create("good", a_record())
    writer.create("bad", a_record())
    writer.close()
    redis.Redis.from_url(redis_server.url).hset("botc:conversation:bad", "record", b"{not json")

    async def both() -> list[ConversationRecord | BaseException | None]:
        loads = (store.submit_load("bad"), store.submit_load("good"))
        return await asyncio.gather(*loads, return_exceptions=True)

    bad, good = asyncio.run(both())
    assert isinstance(bad, ValueError)
    assert good == a_record()


def test_submitted_load_fails_with_the_error_when_redis_is_gone(
    store: RedisStore, redis_server: RedisServer
) -> None:
    redis_server.stop()

    async def load() -> ConversationRecord | None:
        return await asyncio.wait_for(store.submit_load("k"), timeout=60)

    with pytest.raises(redis.ConnectionError):
        asyncio.run(load())


def test_a_turn_loads_the_record_this_store_wrote_without_reading_redis(
    store: RedisStore, redis_server: RedisServer
) -> None:
    store.create("k", a_record())
    newer = a_record().next_version(state={"turns": 1})
    behind_its_back = a_record().next_version(state={"turns": "changed in Redis"})

    async def swap() -> bool:
        return await store.submit_swap("k", newer)

    async def load() -> ConversationRecord | None:
        return await store.submit_load("k")

    assert asyncio.run(swap())
    redis.Redis.from_url(redis_server.url).hset(
        "botc:conversation:k", "record", behind_its_back.to_json()
    )
    assert asyncio.run(load()) == newer


def test_a_stale_kept_record_loses_its_swap_and_the_next_load_reads_the_stored_one(
    redis_server: RedisServer,
) -> None:
    mine, theirs = RedisStore(redis_server.url), RedisStore(redis_server.url)  # two workers
    mine.create("k", a_record(state={"by": "me"}))
    assert theirs.swap("k", a_record(state={"by": "me"}).next_version(state={"by": "them"}))

    async def turn() -> tuple[bool, ConversationRecord | None]:
        stale = await mine.submit_load("k")
        assert stale is not None and stale.state == {"by": "me"}
        lost = await mine.submit_swap("k", stale.next_version(state={"by": "me again"}))
        return lost, await mine.submit_load("k")

    lost, fresh = asyncio.run(turn())
    mine.close()
    theirs.close()
    assert not lost
    assert fresh is not None and fresh.state == {"by": "them"}


def test_the_blocking_load_reads_the_stored_record_while_a_stale_one_is_kept(
    redis_server: RedisServer,
) -> None:
    mine, theirs = RedisStore(redis_server.url), RedisStore(redis_server.url)
    mine.create("k", a_record(state={"by": "me"}))
    theirs.swap("k", a_record(state={"by": "me"}).next_version(state={"by": "them"}))
    loaded = mine.load("k")
    mine.close()
    theirs.close()
    assert loaded is not None and loaded.state == {"by": "them"}


def test_a_refused_blocking_swap_forgets_the_kept_record(redis_server: RedisServer) -> None:
    mine, theirs = RedisStore(redis_server.url), RedisStore(redis_server.url)
    mine.create("k", a_record(state={"by": "me"}))
    theirs.swap("k", a_record(state={"by": "me"}).next_version(state={"by": "them"}))
    assert not mine.swap("k", a_record(state={"by": "me"}).next_version(state={"by": "me"}))

    async def load() -> ConversationRecord | None:
        return await mine.submit_load("k")

    loaded = asyncio.run(load())
    mine.close()
    theirs.close()
    assert loaded is not None and loaded.state == {"by": "them"}


def a_command(words: tuple[object, ...], merged: MergedScript | None = None) -> _Command[object]:
    future: asyncio.Future[object] = asyncio.new_event_loop().create_future()
    return _Command(words, lambda reply: reply, future, None, merged)


def test_the_calls_of_a_merged_script_in_a_batch_go_as_one_command_where_the_first_was(
    store: RedisStore,
) -> None:
    script = MergedScript(redis.Redis().register_script("return {}"), ("shared",), ("x",))
    batch = [
        a_command(("HGET", "a", "record")),
        a_command((("k1",), ("1", "2")), script),
        a_command(("HGET", "b", "record")),
        a_command((("k2",), ("3", "4")), script),
    ]
    sent = _merged(batch)
    assert [item.words for item in sent] == [
        ("HGET", "a", "record"),
        ("EVALSHA", script.script.sha, 3, "shared", "k1", "k2", "x", "1", "2", "3", "4"),
        ("HGET", "b", "record"),
    ]
    assert [len(item.commands) for item in sent] == [1, 2, 1]


def test_a_merged_call_shares_its_replies_out_in_order_and_an_error_to_all() -> None:
    script = MergedScript(redis.Redis().register_script("return {}"), (), ())
    (sent,) = _merged([a_command(((f"k{n}",), ()), script) for n in range(3)])
    shared = [reply for _, reply in _answers(sent, [1, 0, 1])]
    failure = redis.exceptions.ResponseError("script failed")
    failed = [reply for _, reply in _answers(sent, failure)]
    short = [reply for _, reply in _answers(sent, [1])]
    assert shared == [1, 0, 1]
    assert failed == [failure] * 3
    assert all(isinstance(reply, redis.exceptions.ResponseError) for reply in short)


def test_swaps_of_one_conversation_in_one_batch_apply_in_the_order_submitted(
    store: RedisStore,
) -> None:
    store.create("k", a_record(state={"n": 0}))
    first = a_record(state={"n": 0}).next_version(state={"n": 1})
    second = first.next_version(state={"n": 2})

    async def both() -> list[bool]:
        swaps = store.submit_swap("k", first), store.submit_swap("k", second)
        return list(await asyncio.gather(*swaps))

    assert asyncio.run(both()) == [True, True]
    loaded = store.load("k")
    assert loaded is not None and loaded.state == {"n": 2}
