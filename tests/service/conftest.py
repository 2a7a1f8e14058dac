"""Fixtures for the service tests: real redis-server and `botc serve` processes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.processes import BankServer, BotServer, RedisServer


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A fresh redis-server for one test (skipped when the binary is not installed)."""
    try:
        server = RedisServer(tmp_path)
    except FileNotFoundError:
        pytest.skip("redis-server is not installed (.ci/run installs it with apt-get)")
    yield server
    server.stop()


BOTS = Path(__file__).parent / "bots"
SERVICE_BOT = BOTS / "service.bot"


@pytest.fixture
def bank() -> Iterator[BankServer]:
    """The local integration backend the test bot calls."""
    server = BankServer()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    """The test bot served on SQLite with the static token, bot id `b1`, for one module.

    Tests sharing it keep apart by each using its own conversation (`conversation`).
    """
    folder = tmp_path_factory.mktemp("served")
    server = BotServer(
        SERVICE_BOT,
        folder / "serve.log",
        ["--store", f"sqlite:///{folder}/conversations.db", "--bot-id", "b1"],
    )
    yield server
    server.stop()


@pytest.fixture
def conversation() -> str:
    """A conversation id no other test uses."""
    return f"conv-{uuid.uuid4().hex[:12]}"
