"""Two `botc serve` processes on one Redis serving one conversation: order and exactly-once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from service.api import create, post, says, text
from service.conftest import SERVICE_BOT
from service.processes import BotServer, RedisServer


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
            return count_in(says(post(client, "concurrent", text("count"), sequence=number)))

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
