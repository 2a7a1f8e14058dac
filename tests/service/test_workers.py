"""`--workers N`: every event of a conversation runs exactly once, and the workers share
the connections (each worker has its own SO_REUSEPORT listener)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from service.api import create, post, post_unnumbered, says, text
from service.conftest import SERVICE_BOT
from service.processes import BotServer


def test_two_workers_on_one_sqlite_file_apply_each_event_once(tmp_path: Path) -> None:
    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/c.db", "--workers", "2"],
    )
    try:
        with server.client() as client:
            create(client, "c1")

        def send(number: int) -> str:
            with server.client() as client:
                return says(post_unnumbered(client, "c1", text("count")))[0]

        with ThreadPoolExecutor(6) as pool:
            replies = list(pool.map(send, range(1, 19)))
        with server.client() as client:
            last = says(post(client, "c1", text("count")))
    finally:
        log = server.stop()
    assert sorted(replies) == sorted(f"Count is {n}." for n in range(1, 19))
    assert last == ["Count is 19."]
    owners = {line.split('"owner": ')[1][:40] for line in log.splitlines() if '"owner"' in line}
    assert len(owners) == 2


def test_connections_are_spread_over_the_workers(tmp_path: Path) -> None:
    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/c.db", "--workers", "2", "--log-level", "info"],
    )
    try:
        for number in range(24):  # each client its own connection
            with server.client() as client:
                create(client, f"c{number}")
                post_unnumbered(client, f"c{number}", text("count"))
    finally:
        log = server.stop()
    turns = [json.loads(line) for line in log.splitlines() if '"message": "turn"' in line]
    per_worker = [
        sum(1 for turn in turns if turn["worker"] == worker)
        for worker in {turn["worker"] for turn in turns}
    ]
    assert len(turns) == 24 and len(per_worker) == 2 and min(per_worker) >= 3, per_worker
