"""`--workers N`: every event of a conversation runs exactly once, and the workers share
the connections (each worker has its own SO_REUSEPORT listener, all opened before any
worker starts)."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from botc.runtime.server.workers import STARTUP_SECONDS, worker_cpus
from service.api import create, post, post_unnumbered, says, text
from service.conftest import SERVICE_BOT
from service.processes import BotServer, RedisServer

JsonDict = dict[str, Any]


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


class RawConnection:
    """One keep-alive HTTP/1.1 connection on a socket opened at once (httpx opens its
    connection only with the first request, and builds each client slowly)."""

    def __init__(self, port: int, token: str) -> None:
        self._socket = socket.create_connection(("127.0.0.1", port), timeout=60)
        self._replies = self._socket.makefile("rb")
        self._token = token

    def request(self, method: str, path: str, body: JsonDict) -> tuple[int, JsonDict]:
        data = json.dumps(body).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nhost: test\r\nauthorization: Bearer {self._token}"
            f"\r\ncontent-type: application/json\r\ncontent-length: {len(data)}\r\n\r\n"
        )
        self._socket.sendall(head.encode() + data)
        status = int(self._replies.readline().split()[1])
        length = 0
        while (line := self._replies.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, json.loads(self._replies.read(length))

    def close(self) -> None:
        self._replies.close()
        self._socket.close()


def test_two_workers_on_redis_each_serve_a_fair_share_of_64_connections(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    """64 connections opened the moment the port answers, while the workers still start:
    the kernel hashes each over both workers' sockets, which all listen before either
    worker starts (a worker opening its own as it started got every early connection)."""
    server = BotServer(
        SERVICE_BOT, tmp_path / "serve.log", ["--store", redis_server.url, "--workers", "2"]
    )
    assert server.token is not None
    connections = [RawConnection(server.port, server.token) for _ in range(64)]
    path = "/v1/bots/b1/environments/draft/conversations/c"
    try:
        for number, connection in enumerate(connections):
            created = connection.request("PUT", f"{path}{number}", {"sdes": {}, "context": {}})
            assert created[0] == 200, created
        for number, connection in enumerate(connections):
            status, reply = connection.request("POST", f"{path}{number}/events", text("count"))
            assert status == 200 and reply["response"][0]["data"]["message"] == "Count is 1."
    finally:
        for connection in connections:
            connection.close()
        log = server.stop()
    turns = [json.loads(line) for line in log.splitlines() if '"message": "turn"' in line]
    per_worker = Counter(turn["worker"] for turn in turns)
    assert len(turns) == 64 and len(per_worker) == 2, per_worker
    assert min(per_worker.values()) >= 16, per_worker


def test_a_killed_worker_is_replaced_and_its_share_of_connections_served(tmp_path: Path) -> None:
    """The supervisor keeps a dead worker's socket open and its replacement accepts from
    it: after a `kill -9` of one worker, new connections are served by the survivor and
    the replacement, none refused or left waiting."""
    store = f"sqlite:///{tmp_path}/c.db"
    started = time.monotonic()
    server = BotServer(SERVICE_BOT, tmp_path / "serve.log", ["--store", store, "--workers", "2"])
    assert server.token is not None
    path = "/v1/bots/b1/environments/draft/conversations/"

    def converse(name: str) -> None:
        connection = RawConnection(server.port, server.token or "")
        try:
            assert connection.request("PUT", path + name, {"sdes": {}, "context": {}})[0] == 200
            assert connection.request("POST", path + name + "/events", text("count"))[0] == 200
        finally:
            connection.close()

    try:
        for number in range(16):
            converse(f"before-{number}")
        first_workers = set(workers_serving(server.log_path.read_text(), "before-"))
        killed = min(first_workers)
        # a worker dying sooner after its start stops the service: it cannot start
        time.sleep(max(0.0, STARTUP_SECONDS + 1 - (time.monotonic() - started)))
        os.kill(killed, signal.SIGKILL)
        for number in range(32):
            converse(f"after-{number}")
    finally:
        log = server.stop()
    later_workers = workers_serving(log, "after-")
    assert len(first_workers) == 2, first_workers
    assert killed not in later_workers and len(set(later_workers)) == 2, later_workers


def workers_serving(log: str, prefix: str) -> list[int]:
    """The `worker` of each turn line in `log` of a conversation named `prefix...`."""
    turns = [json.loads(line) for line in log.splitlines() if '"message": "turn"' in line]
    return [turn["worker"] for turn in turns if turn["key"].rsplit("/", 1)[1].startswith(prefix)]


def threads_cpus(pid: int) -> set[frozenset[int]]:
    """The CPUs each thread of process `pid` may run on."""
    return {frozenset(os.sched_getaffinity(int(tid))) for tid in os.listdir(f"/proc/{pid}/task")}


needs_two_cpus = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="pinning workers apart needs CPU affinity and two CPUs",
)


@needs_two_cpus
def test_pinned_workers_run_each_on_a_cpu_of_its_own_with_all_their_threads(
    tmp_path: Path,
) -> None:
    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/c.db", "--workers", "2", "--pin-workers"],
    )
    try:
        path = "/v1/bots/b1/environments/draft/conversations/"
        number = 0
        while len(set(workers_serving(server.log_path.read_text(), "c"))) < 2 and number < 64:
            connection = RawConnection(server.port, server.token or "")
            connection.request("PUT", path + f"c{number}", {"sdes": {}, "context": {}})
            connection.request("POST", path + f"c{number}/events", text("count"))
            connection.close()
            number += 1
        workers = set(workers_serving(server.log_path.read_text(), "c"))
        cpus = {worker: threads_cpus(worker) for worker in workers}
    finally:
        server.stop()
    first, second = sorted(workers)
    allowed = sorted(os.sched_getaffinity(0))
    assert {frozenset({allowed[0]})} in cpus.values() and len(cpus) == 2, cpus
    assert all(len(sets) == 1 and len(next(iter(sets))) == 1 for sets in cpus.values()), cpus
    assert cpus[first] != cpus[second], cpus


@needs_two_cpus
def test_a_single_pinned_server_runs_on_the_first_cpu_it_may_use(tmp_path: Path) -> None:
    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/c.db", "--pin-workers"],
    )
    try:
        with server.client() as client:
            create(client, "c1")
        cpus = threads_cpus(server.process.pid)
    finally:
        server.stop()
    assert cpus == {frozenset({min(os.sched_getaffinity(0))})}, cpus


@needs_two_cpus
def test_more_workers_than_cpus_are_pinned_round_the_cpus_in_order() -> None:
    allowed = sorted(os.sched_getaffinity(0))
    assert worker_cpus(2 * len(allowed) + 1) == [*allowed, *allowed, allowed[0]]
