"""Fixtures for the service tests: real redis-server and `botc serve` processes."""

from __future__ import annotations

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


@pytest.fixture
def served(tmp_path: Path) -> Iterator[BotServer]:
    """The test bot served on SQLite with the static token, bot id `b1`."""
    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/conversations.db", "--bot-id", "b1"],
    )
    yield server
    server.stop()
