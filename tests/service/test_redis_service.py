"""Two `botc serve` processes on one Redis serving one conversation: order and exactly-once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.api import create, post, post_unnumbered, says, text
from service.conftest import SERVICE_BOT
from service.processes import BankServer, BotServer, RedisServer


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BotServer, BotServer]]:
    """Two servers on one Redis, shared by this module's tests (each uses its own conversation)."""
    tmp_path = tmp_path_factory.mktemp("redis-pair")
    try:
        redis_server = RedisServer(tmp_path)
    except FileNotFoundError:
        pytest.skip("redis-server is not installed (.ci/run installs it with apt-get)")
    arguments = ["--store", redis_server.url, "--bot-id", "b1"]
    first = BotServer(SERVICE_BOT, tmp_path / "first.log", arguments, wait=False)
    second = BotServer(SERVICE_BOT, tmp_path / "second.log", arguments, wait=False)
    first.wait()
    second.wait()
    yield first, second
    first.stop()
    second.stop()
    redis_server.stop()


def count_in(reply_texts: list[str]) -> int:
    return int(reply_texts[0].removeprefix("Count is ").rstrip("."))


def test_conversation_created_on_one_process_is_served_by_the_other(
    pair: tuple[BotServer, BotServer],
) -> None:
    first, second = pair
    with first.client() as a, second.client() as b:
        assert create(a, "created").status_code == 200
        assert create(b, "created").status_code == 409
        assert says(post(b, "created", text("count"))) == ["Count is 1."]


def test_alternating_events_are_applied_in_order(pair: tuple[BotServer, BotServer]) -> None:
    first, second = pair
    with first.client() as a, second.client() as b:
        create(a, "alternating")
        counts = [
            count_in(says(post((a, b)[n % 2], "alternating", text("count")))) for n in range(10)
        ]
    assert counts == list(range(1, 11))


def test_concurrent_events_on_both_processes_each_run_exactly_once(
    pair: tuple[BotServer, BotServer],
) -> None:
    first, second = pair
    with first.client() as a:
        create(a, "concurrent")

    def send(number: int) -> int:
        server = pair[number % 2]
        with server.client() as client:
            return count_in(says(post_unnumbered(client, "concurrent", text("count"))))

    with ThreadPoolExecutor(8) as pool:
        counts = list(pool.map(send, range(1, 25)))
    assert sorted(counts) == list(range(1, 25))
    with second.client() as b:
        assert says(post(b, "concurrent", text("count"))) == ["Count is 25."]


def test_retry_sent_to_both_processes_runs_one_turn(pair: tuple[BotServer, BotServer]) -> None:
    first, second = pair
    with first.client() as a:
        create(a, "retried")

    def send(server: BotServer) -> list[str]:
        with server.client() as client:
            return says(post(client, "retried", text("count"), sequence=77))

    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(send, [first, second] * 3))
    assert replies == [["Count is 1."]] * 6
    with second.client() as b:
        assert says(post(b, "retried", text("count"))) == ["Count is 2."]


def slow_balance(bank: BankServer, seconds: float) -> threading.Event:
    """Make the bank's balance answers take `seconds`; the event is set when one starts."""
    handler = bank.server.RequestHandlerClass
    original = handler.do_GET  # type: ignore[attr-defined]
    started = threading.Event()

    def slow_get(request: object) -> None:
        started.set()
        time.sleep(seconds)
        original(request)

    handler.do_GET = slow_get  # type: ignore[attr-defined]
    return started


def test_retry_during_an_integration_call_performs_the_call_once(
    pair: tuple[BotServer, BotServer], bank: BankServer
) -> None:
    first, second = pair
    slow_balance(bank, 0.5)
    with first.client() as a:
        create(a, "claimed", bankPort=bank.port)
        post(a, "claimed", text("balance"), sequence=8)

    def answer(server: BotServer) -> list[str]:
        with server.client() as client:
            return says(post(client, "claimed", text("777"), sequence=9))

    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(answer, [first, second]))
    assert replies == [["Balance 10."], ["Balance 10."]]
    assert bank.calls == {"777": 1}


def test_event_arriving_during_another_process_turn_waits_for_it(
    pair: tuple[BotServer, BotServer], bank: BankServer
) -> None:
    first, second = pair
    calling = slow_balance(bank, 0.6)
    with first.client() as a:
        create(a, "waiting", bankPort=bank.port)
        post(a, "waiting", text("balance"))

    def answer() -> list[str]:
        with first.client() as client:
            return says(post(client, "waiting", text("777")))

    with ThreadPoolExecutor(1) as pool:
        balance = pool.submit(answer)
        assert calling.wait(10)
        called_at = time.monotonic()
        with second.client() as b:
            counted = says(post(b, "waiting", text("count")))
        # the second process answered only after the first one's 0.6 s call had finished
        # (measured from when the call started, so a loaded machine only widens the gap)
        assert time.monotonic() - called_at >= 0.5
        assert balance.result(timeout=10) == ["Balance 10."]
    assert counted == ["Count is 1."]


def test_killed_process_leaves_the_conversation_to_the_other(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    arguments = ["--store", redis_server.url, "--bot-id", "b1"]
    doomed = BotServer(SERVICE_BOT, tmp_path / "doomed.log", arguments, wait=False)
    survivor = BotServer(SERVICE_BOT, tmp_path / "survivor.log", arguments, wait=False)
    doomed.wait()
    survivor.wait()
    try:
        with doomed.client() as a:
            create(a, "c1")
            post(a, "c1", text("count"), sequence=4)
            answered = post(a, "c1", text("count"), sequence=5)
        doomed.kill()
        with survivor.client() as b:
            assert post(b, "c1", text("count"), sequence=5).json() == answered.json()
            assert says(post(b, "c1", text("count"), sequence=6)) == ["Count is 3."]
    finally:
        survivor.stop()
