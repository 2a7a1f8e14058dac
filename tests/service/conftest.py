"""Fixtures for the service tests: real redis-server and `botc serve` processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.processes import RedisServer


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A fresh redis-server for one test (skipped when the binary is not installed)."""
    try:
        server = RedisServer(tmp_path)
    except FileNotFoundError:
        pytest.skip("redis-server is not installed (.ci/run installs it with apt-get)")
    yield server
    server.stop()
