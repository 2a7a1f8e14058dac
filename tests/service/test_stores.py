"""The conversation stores, SQLite and Redis, through their one interface."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.stores import (
    ConversationRecord,
    ConversationStore,
    RecordTooLarge,
    StoredReply,
    StoreError,
    StoreLimits,
    open_store,
)
from botc.runtime.stores.record import REPLIES_KEPT
from service.processes import RedisServer


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ConversationStore]:
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path}/sub/conversations.db")
    else:
        server: RedisServer = request.getfixturevalue("redis_server")
        opened = open_store(server.url)
    yield opened
    opened.close()


def a_record(**changes: object) -> ConversationRecord:
    fields: dict[str, object] = {"version": 1, "sdes": {"ctmrinfo": {}}, "context": {"a": 1}}
    fields.update(changes)
    return ConversationRecord(**fields)  # type: ignore[arg-type]


def test_created_conversation_loads_back_equal(store: ConversationStore) -> None:
    record = a_record(state={"at": 3}, outbox=({"type": "TEXT", "data": {"message": "x"}},))
    assert store.create("b/draft/c1", record)
    assert store.load("b/draft/c1") == record


def test_creating_an_existing_conversation_is_refused_and_keeps_the_first(
    store: ConversationStore,
) -> None:
    store.create("b/draft/c1", a_record(context={"first": True}))
    assert not store.create("b/draft/c1", a_record(context={"second": True}))
    loaded = store.load("b/draft/c1")
    assert loaded is not None and loaded.context == {"first": True}


def test_unknown_conversation_loads_as_none(store: ConversationStore) -> None:
    assert store.load("b/draft/nobody") is None


def test_swap_writes_the_next_version(store: ConversationStore) -> None:
    store.create("k", a_record())
    newer = a_record().next_version(state={"turns": 1})
    assert store.swap("k", newer)
    assert store.load("k") == newer


def test_swap_from_a_stale_version_is_refused(store: ConversationStore) -> None:
    store.create("k", a_record())
    assert store.swap("k", a_record().next_version(state={"by": "first"}))
    assert not store.swap("k", a_record().next_version(state={"by": "second"}))
    loaded = store.load("k")
    assert loaded is not None and loaded.state == {"by": "first"}


def test_swap_of_a_missing_conversation_is_refused(store: ConversationStore) -> None:
    assert not store.swap("missing", a_record().next_version())
    assert store.load("missing") is None


def test_pending_effects_are_listed_until_cleared(store: ConversationStore) -> None:
    store.create("idle", a_record())
    store.create("busy", a_record())
    busy = a_record().next_version(pending=({"effect": "upload", "id": "e1"},))
    store.swap("busy", busy)
    assert list(store.keys_with_pending()) == ["busy"]
    store.swap("busy", busy.next_version(pending=()))
    assert list(store.keys_with_pending()) == []


def test_a_conversation_stays_listed_across_writes_that_keep_its_pending_effects(
    store: ConversationStore,
) -> None:
    store.create("busy", a_record(pending=({"effect": "upload", "id": "e1"},)))
    busy = a_record(pending=({"effect": "upload", "id": "e1"},))
    for _ in range(3):
        busy = busy.next_version(state={"turns": busy.version})
        assert store.swap("busy", busy)
    assert list(store.keys_with_pending()) == ["busy"]


def test_conversation_created_with_pending_effects_is_listed(store: ConversationStore) -> None:
    store.create("born-busy", a_record(pending=({"effect": "upload", "id": "e1"},)))
    assert list(store.keys_with_pending()) == ["born-busy"]


def test_concurrent_increments_are_each_applied_once(store: ConversationStore) -> None:
    store.create("counter", a_record(state={"n": 0}))

    def increment_many() -> None:
        for _ in range(25):
            while True:
                current = store.load("counter")
                assert current is not None and current.state is not None
                if store.swap("counter", current.next_version(state={"n": current.state["n"] + 1})):
                    break

    threads = [threading.Thread(target=increment_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = store.load("counter")
    assert final is not None and final.state == {"n": 100} and final.version == 101


def test_sqlite_store_survives_reopening(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/kept.db"
    first = open_store(url)
    first.create("k", a_record(state={"kept": True}))
    first.close()
    again = open_store(url)
    loaded = again.load("k")
    again.close()
    assert loaded is not None and loaded.state == {"kept": True}


def test_unknown_store_scheme_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="unknown store URL 'postgres://x'"):
        open_store("postgres://x")


def test_unreachable_redis_is_a_clear_error() -> None:
    from service.processes import free_port

    with pytest.raises(StoreError, match="cannot reach Redis store"):
        open_store(f"redis://127.0.0.1:{free_port()}/0")


def test_swap_keeps_the_last_replies_by_sequence(store: ConversationStore) -> None:
    store.create("k", a_record())
    record = a_record()
    for sequence in range(1, REPLIES_KEPT + 6):
        record = record.next_version(applied=sequence)
        assert store.swap("k", record, StoredReply(sequence, {"n": sequence}))
    assert store.reply("k", 5) is None
    assert store.reply("k", 6) == {"n": 6}
    assert store.reply("k", REPLIES_KEPT + 5) == {"n": REPLIES_KEPT + 5}


def test_a_refused_swap_keeps_no_reply(store: ConversationStore) -> None:
    store.create("k", a_record())
    assert not store.swap("k", a_record(version=5), StoredReply(1, {"n": 1}))
    assert store.reply("k", 1) is None


def test_a_record_over_the_size_cap_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    capped = open_store(f"sqlite:///{tmp_path}/capped.db", StoreLimits(max_record_bytes=2000))
    with pytest.raises(RecordTooLarge, match="over the limit of 2000"):
        capped.create("big", a_record(context={"blob": "x" * 3000}))
    capped.create("k", a_record())
    with pytest.raises(RecordTooLarge):
        capped.swap("k", a_record().next_version(state={"blob": "x" * 3000}))
    loaded = capped.load("k")
    capped.close()
    assert loaded == a_record()


def test_sqlite_sweep_deletes_conversations_past_retention_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/swept.db"
    swept = open_store(url, StoreLimits(retention_seconds=3600))
    for number in range(450):  # more than one batch
        swept.create(f"old-{number}", a_record())
    swept.create("busy", a_record(pending=({"effect": "upload", "id": "e1"},)))
    swept.close()
    with sqlite3.connect(tmp_path / "swept.db") as connection:
        connection.execute("UPDATE conversations SET touched = touched - 7200")
    swept = open_store(url, StoreLimits(retention_seconds=3600))
    swept.create("fresh", a_record())
    assert swept.sweep() == 450
    kept = [key for key in ("fresh", "busy", "old-0") if swept.load(key) is not None]
    swept.close()
    assert kept == ["fresh", "busy"]


def test_redis_keys_expire_after_the_retention_time(redis_server: RedisServer) -> None:
    expiring = open_store(redis_server.url, StoreLimits(retention_seconds=100))
    expiring.create("k", a_record())
    expiring.swap("k", a_record().next_version(applied=1), StoredReply(1, {"n": 1}))
    client = redis.Redis.from_url(redis_server.url)
    expiring.close()
    assert client.keys("botc:*k") == [b"botc:conversation:k"]  # its replies are in it
    assert 0 < client.pttl("botc:conversation:k") <= 100_000


def test_replies_within_the_kept_sequences_survive_gaps_in_the_sequence(
    store: ConversationStore,
) -> None:
    store.create("k", a_record())
    record = a_record()
    sequences = range(3, 3 * (REPLIES_KEPT + 40), 3)  # the connector skips numbers
    for sequence in sequences:
        record = record.next_version(applied=sequence)
        assert store.swap("k", record, StoredReply(sequence, {"n": sequence}))
    newest = sequences[-1]
    kept = [seq for seq in sequences if seq > newest - REPLIES_KEPT]
    assert [store.reply("k", seq) for seq in kept] == [{"n": seq} for seq in kept]


def test_replies_to_the_largest_sequences_are_kept_and_dropped_exactly(
    store: ConversationStore,
) -> None:
    largest = 2**63 - 1  # what lpEvent.sequence may be; beyond a Lua number's 53 bits
    store.create("k", a_record())
    record = a_record()
    for sequence in range(largest - REPLIES_KEPT - 10, largest + 1):
        record = record.next_version(applied=sequence)
        assert store.swap("k", record, StoredReply(sequence, {"n": str(sequence)}))
    assert store.reply("k", largest) == {"n": str(largest)}
    assert store.reply("k", largest - REPLIES_KEPT + 1) == {"n": str(largest - REPLIES_KEPT + 1)}
    assert store.reply("k", largest - REPLIES_KEPT) is None


def test_a_redis_conversation_keeps_a_bounded_number_of_replies_whatever_the_gaps(
    redis_server: RedisServer,
) -> None:
    store = open_store(redis_server.url)
    store.create("k", a_record())
    record = a_record()
    sequence = 0
    for step in range(1, 400):
        sequence += 1 + step % 7  # gaps that never land on the sequence 64 below
        record = record.next_version(applied=sequence)
        assert store.swap("k", record, StoredReply(sequence, {"n": sequence}))
    store.close()
    fields = redis.Redis.from_url(redis_server.url).hlen("botc:conversation:k")
    assert fields <= 3 + 2 * REPLIES_KEPT + 1  # version, record, pending, the replies


def test_replies_kept_by_an_earlier_version_in_a_hash_of_their_own_are_still_answered(
    redis_server: RedisServer,
) -> None:
    client = redis.Redis.from_url(redis_server.url)
    client.hset(
        "botc:conversation:k",
        mapping={"version": "3", "record": a_record(version=3, applied=41).to_json()},
    )
    client.hset("botc:replies:k", mapping={"40": b'{"n": 40}', "41": b'{"n": 41}'})
    client.rpush("botc:reply-order:k", "40", "41")
    store = open_store(redis_server.url)
    before = store.reply("k", 41)
    newer = a_record(version=3, applied=41).next_version(applied=42)
    written = store.swap("k", newer, StoredReply(42, {"n": 42}))
    after = [store.reply("k", sequence) for sequence in (40, 41, 42)]
    store.close()
    assert before == {"n": 41}
    assert written and after == [{"n": 40}, {"n": 41}, {"n": 42}]


def test_creating_a_redis_conversation_deletes_replies_an_earlier_one_left_under_its_key(
    redis_server: RedisServer,
) -> None:
    client = redis.Redis.from_url(redis_server.url)
    client.hset("botc:replies:k", "7", b'{"n": "from a conversation that expired"}')
    client.rpush("botc:reply-order:k", "7")
    store = open_store(redis_server.url)
    store.create("k", a_record())
    reply = store.reply("k", 7)
    store.close()
    assert reply is None
    assert client.exists("botc:replies:k", "botc:reply-order:k") == 0


def test_a_redis_hash_from_before_the_pending_flag_leaves_the_pending_set_when_cleared(
    redis_server: RedisServer,
) -> None:
    client = redis.Redis.from_url(redis_server.url)
    client.hset("botc:conversation:k", mapping={"version": "1", "record": a_record().to_json()})
    client.sadd("botc:pending", "k")
    store = open_store(redis_server.url)
    written = store.swap("k", a_record().next_version(state={"turns": 1}))
    pending = list(store.keys_with_pending())
    store.close()
    assert written and pending == []


def test_a_file_from_before_retention_is_upgraded_and_its_replies_set_the_mark(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    old_record = (
        '{"version": 3, "sdes": {}, "context": {}, "state": {"turns": 2}, "outbox": [],'
        ' "replies": [["41", {"response": []}], ["42", {"response": []}]], "pending": []}'
    )
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE conversations (key TEXT PRIMARY KEY, version INTEGER NOT NULL,"
            " pending INTEGER NOT NULL, record TEXT NOT NULL)"
        )
        connection.execute("INSERT INTO conversations VALUES ('k', 3, 0, ?)", (old_record,))
    upgraded = open_store(f"sqlite:///{path}")
    loaded = upgraded.load("k")
    assert upgraded.sweep() == 0
    upgraded.close()
    assert loaded is not None and loaded.applied == 42 and loaded.state == {"turns": 2}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(
    state=st.none() | st.dictionaries(st.text(max_size=4), json_values, max_size=3),
    outbox=st.lists(st.dictionaries(st.text(max_size=4), json_values, max_size=2), max_size=3),
    applied=st.none() | st.integers(min_value=0, max_value=2**63 - 1),
)
def test_record_json_round_trips(
    state: dict[str, object] | None, outbox: list[dict[str, object]], applied: int | None
) -> None:
    record = a_record(state=state, outbox=tuple(outbox), applied=applied)
    assert ConversationRecord.from_json(record.to_json()) == record


def test_a_write_by_another_process_is_read_after_the_stale_swap_fails(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared.db"
    mine, theirs = open_store(url), open_store(url)  # two processes' stores on one file
    mine.create("k", a_record(state={"by": "me"}))
    theirs.swap("k", a_record(state={"by": "me"}).next_version(state={"by": "them"}))
    stale = mine.load("k")
    assert stale is not None and not mine.swap("k", stale.next_version(state={"by": "me again"}))
    fresh = mine.load("k")
    mine.close()
    theirs.close()
    assert fresh is not None and fresh.state == {"by": "them"}
