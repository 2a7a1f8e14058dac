"""The C load generator of service_load.py (`benchmarks/loadgen.c`): built, driving a
real server over loopback, and refusing a wrong reply."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmark_modules import BENCHMARKS, load_benchmark

loadgen = load_benchmark("loadgen")
service_load = load_benchmark("service_load")


@pytest.fixture(scope="module")
def binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if loadgen.compiler() is None:
        pytest.skip("no C compiler on the PATH: service_load.py uses its Python client")
    built: Path = loadgen.build(tmp_path_factory.mktemp("loadgen"))
    return built


@pytest.fixture(scope="module")
def bare_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("bare")
    command = [
        sys.executable,
        str(BENCHMARKS / "bare_app.py"),
        "--store",
        f"sqlite:///{folder}/bare.db",
    ]
    process, port = service_load.start(command, folder / "bare.log")
    yield port
    service_load.stop(process)


class WrongCounts:
    """A server on loopback whose every reply to an event says `Count is 1.`."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            connection, _ = self.listener.accept()
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        body = b'{"response":[{"type":"TEXT","data":{"message":"Count is 1."}}]}'
        reply = b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
        received = b""
        with connection:
            while chunk := connection.recv(65536):
                received += chunk
                while (end := received.find(b"\r\n\r\n")) >= 0:
                    head = received[:end].lower()
                    length = int(head.split(b"content-length: ")[1].split(b"\r\n")[0])
                    if len(received) < end + 4 + length:
                        break
                    received = received[end + 4 + length :]
                    connection.sendall(reply)


def test_a_closed_loop_load_counts_its_turns_and_its_own_cpu(binary: Path, bare_port: int) -> None:
    client = loadgen.NativeClient(binary, bare_port, 4, "closed", service_load.TOKEN)
    try:
        result = client.closed(0.3)
    finally:
        client.close()
    assert result.turns > 0 and result.errors == 0
    assert 0.3 <= result.seconds < 5 and 0 < result.p50_ms <= result.p99_ms
    assert result.cpu_seconds >= 0


def test_an_open_loop_load_sends_exactly_the_paced_events(binary: Path, bare_port: int) -> None:
    client = loadgen.NativeClient(binary, bare_port, 4, "open", service_load.TOKEN)
    try:
        result = client.open(0.5, 100)
    finally:
        client.close()
    assert result.turns == 50 and result.errors == 0


def test_a_wrong_count_in_a_reply_fails_the_load(binary: Path) -> None:
    server = WrongCounts()
    client = loadgen.NativeClient(binary, server.port, 2, "wrong", service_load.TOKEN)
    try:
        with pytest.raises(RuntimeError, match="wrong replies"):
            client.closed(0.2)
    finally:
        client.close()


def test_the_result_line_is_read_field_by_field() -> None:
    line = "turns 12 seconds 0.5000 p50_ms 1.250 p99_ms 3.500 errors 0 cpu_s 0.0100\n"
    assert loadgen.LoadResult.parse(line) == loadgen.LoadResult(12, 0.5, 1.25, 3.5, 0, 0.01)
