"""Load on `botc serve` and on a bare app with the same stack and storage work, one run.

Starts each server as a subprocess on loopback — the bare Starlette app of
`bare_app.py` (same uvicorn/httptools/uvloop stack, same durable SQLite compare-and-set
per request, no bot), then `botc serve` on SQLite, on Redis with one worker and with
`--workers 2` (Redis runs when `redis-server` is installed) — and drives it with a lean
client: `loadgen.c` (built with the C compiler at the start of the run; without one, or
with `--client python`, the asyncio client of `asyncio_client.py`), one keep-alive
connection per conversation, each sending its events one after the other as
LivePerson's connector does, every reply checked.

Two loads per server: **closed loop** (each conversation sends its next event as soon
as the previous one is answered) and **open loop** at a paced rate (events are due at
fixed times, spread over the conversations; latency is measured from when an event was
due, so a server that falls behind shows it). The client's own CPU share is printed:
under 100% of one core means the client is not what limits the figures. So is the CPU
of redis-server for the Redis rows, and the server's CPU per turn: on a machine shared
with other work, CPU per turn is the figure that stays put, and turns/s is not.

    python benchmarks/service_load.py [--conversations 64] [--seconds 5] [--rate 2000]
        [--only "botc redis x1,botc redis x2"] [--client c|python]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs
import loadgen
from asyncio_client import TOKEN, closed_loop, conversations, open_loop
from loadgen import NativeClient

ROOT = Path(__file__).resolve().parent.parent
BOT = """\
bot "Load"

dialog counter
    user says "count"
    set count = (count | default(0)) + 1
    say "Count is {{ count }}."

dialog fallback
    on fallback
    say "Say count."
"""
STATE = "/v1/bots/load/environments/draft/state"
SERVER_NAMES = ("bare sqlite", "botc sqlite", "botc redis x1", "botc redis x2")


@attrs.frozen
class Figures:
    """One load on one server: turns answered, seconds, latency percentiles, CPU shares."""

    turns: int
    seconds: float
    p50_ms: float
    p99_ms: float
    client_cpu: float
    server_cpu: float
    store_cpu: float | None = None

    @property
    def per_second(self) -> float:
        return self.turns / self.seconds

    @property
    def server_us_per_turn(self) -> float:
        """The server's CPU per turn answered, in microseconds."""
        return self.server_cpu * self.seconds / self.turns * 1e6


def figures(
    latencies: list[float], wall: float, client: float, server: float, store: float | None
) -> Figures:
    ordered = sorted(latencies)
    return Figures(
        turns=len(ordered),
        seconds=wall,
        p50_ms=ordered[len(ordered) // 2] * 1000,
        p99_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        client_cpu=client,
        server_cpu=server,
        store_cpu=store,
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` and its children's threads so far (Linux /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for candidate in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{candidate}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Return once the server answers a request, whatever its status (a port that accepts
    connections may still be starting: `--workers N` listens before its workers are up;
    the bare app has no state route)."""
    deadline = time.monotonic() + timeout
    request = f"GET {STATE} HTTP/1.1\r\nhost: load\r\nauthorization: Bearer {TOKEN}\r\n\r\n"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(
                ("127.0.0.1", port), timeout=deadline - time.monotonic()
            ) as probe:
                probe.sendall(request.encode())
                if probe.recv(64).startswith(b"HTTP/1.1 "):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"nothing answered on port {port} within {timeout}s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start(command: list[str], log: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "BOTC_TOKEN": TOKEN, "PYTHONPATH": str(ROOT)}
    with log.open("ab") as stderr:
        process = subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
    wait_until_serving(port, process)
    return process, port


def drive(
    port: int, pid: int, store_pid: int | None, args: argparse.Namespace, tag: str
) -> tuple[Figures, Figures]:
    import uvloop

    async def both() -> tuple[Figures, Figures]:
        talks = await conversations(port, args.conversations, tag)
        await closed_loop(talks, 1.0)  # warm up
        loads = []
        for load in (
            lambda: closed_loop(talks, args.seconds),
            lambda: open_loop(talks, args.seconds, args.rate),
        ):
            server_before = cpu_seconds(pid)
            store_before = None if store_pid is None else cpu_seconds(store_pid)
            client_before = time.process_time()
            started = time.perf_counter()
            latencies = await load()
            wall = time.perf_counter() - started
            client = (time.process_time() - client_before) / wall
            server = (cpu_seconds(pid) - server_before) / wall
            store = None
            if store_pid is not None and store_before is not None:
                store = (cpu_seconds(store_pid) - store_before) / wall
            loads.append(figures(latencies, wall, client, server, store))
        for talk in talks:
            talk.connection.close()
        return loads[0], loads[1]

    return uvloop.run(both())


def drive_native(
    binary: Path, port: int, pid: int, store_pid: int | None, args: argparse.Namespace, tag: str
) -> tuple[Figures, Figures]:
    """`drive` with the C client (`loadgen.c`): the same conversations, loads and checks."""
    client = NativeClient(binary, port, args.conversations, f"{tag}-{time.monotonic_ns()}", TOKEN)
    try:
        client.closed(1.0)  # warm up
        loads = []
        for load in (
            lambda: client.closed(args.seconds),
            lambda: client.open(args.seconds, args.rate),
        ):
            server_before = cpu_seconds(pid)
            store_before = None if store_pid is None else cpu_seconds(store_pid)
            result = load()
            server = (cpu_seconds(pid) - server_before) / result.seconds
            store = None
            if store_pid is not None and store_before is not None:
                store = (cpu_seconds(store_pid) - store_before) / result.seconds
            loads.append(
                Figures(
                    turns=result.turns,
                    seconds=result.seconds,
                    p50_ms=result.p50_ms,
                    p99_ms=result.p99_ms,
                    client_cpu=result.cpu_seconds / result.seconds,
                    server_cpu=server,
                    store_cpu=store,
                )
            )
        return loads[0], loads[1]
    finally:
        client.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=5.0, help="per load (default 5)")
    parser.add_argument("--rate", type=float, default=2000.0, help="open-loop events/s")
    parser.add_argument(
        "--only",
        help="comma-separated servers to run (default all): " + ", ".join(SERVER_NAMES),
    )
    parser.add_argument(
        "--client",
        choices=["c", "python"],
        default="c" if loadgen.compiler() else "python",
        help="the load generator: loadgen.c (the default when a C compiler is on the PATH; "
        "a few µs of CPU per turn) or the Python asyncio client (25-30 µs per turn)",
    )
    args = parser.parse_args()
    unknown = set() if args.only is None else set(args.only.split(",")) - set(SERVER_NAMES)
    if unknown:
        parser.error(f"unknown servers {sorted(unknown)}; choose from {', '.join(SERVER_NAMES)}")
    folder = Path(tempfile.mkdtemp(prefix="botc-load-"))
    bot = folder / "load.bot"
    bot.write_text(BOT)
    serve = [sys.executable, "-m", "botc", "serve", str(bot), "--log-level", "warning"]
    servers: dict[str, list[str]] = {
        "bare sqlite": [
            sys.executable,
            str(ROOT / "benchmarks" / "bare_app.py"),
            "--store",
            f"sqlite:///{folder}/bare.db",
        ],
        "botc sqlite": [*serve, "--store", f"sqlite:///{folder}/botc.db"],
    }
    redis_process = None
    redis_binary = shutil.which("redis-server")
    if redis_binary:
        redis_port = free_port()
        redis_process = subprocess.Popen(
            [redis_binary, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
            cwd=folder,
        )
        url = f"redis://127.0.0.1:{redis_port}/0"
        servers["botc redis x1"] = [*serve, "--store", url]
        servers["botc redis x2"] = [*serve, "--store", url, "--workers", "2"]
    if args.only:
        wanted = set(args.only.split(","))
        servers = {name: command for name, command in servers.items() if name in wanted}
    results: dict[str, tuple[Figures, Figures]] = {}
    binary = loadgen.build(folder) if args.client == "c" else None
    load_before = os.getloadavg()[0]
    try:
        if redis_process is not None:
            time.sleep(0.5)
        for name, command in servers.items():
            process, port = start(command, folder / f"{name.replace(' ', '-')}.log")
            store_pid = redis_process.pid if redis_process and "redis" in name else None
            try:
                tag = name.replace(" ", "-")
                if binary is None:
                    results[name] = drive(port, process.pid, store_pid, args, tag)
                else:
                    results[name] = drive_native(binary, port, process.pid, store_pid, args, tag)
            finally:
                stop(process)
    finally:
        if redis_process is not None:
            stop(redis_process)
    print_table(results, args)
    print(f"load average (1 min): {load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after")
    return 0


def print_table(results: dict[str, tuple[Figures, Figures]], args: argparse.Namespace) -> None:
    client = "loadgen.c" if args.client == "c" else "the Python asyncio client"
    print(
        f"{args.conversations} conversations on keep-alive connections, {args.seconds:g} s per "
        f"load, open loop paced at {args.rate:g}/s; CPU = cores used (1.0 = one core); "
        f"client: {client}"
    )
    print(
        f"{'server':<14} {'load':<11} {'turns/s':>8} {'p50 ms':>7} {'p99 ms':>8} "
        f"{'client CPU':>10} {'server CPU':>10} {'redis CPU':>9} {'server us/turn':>14}"
    )
    for name, loads in results.items():
        for label, row in zip(("closed", f"open {args.rate:g}"), loads, strict=True):
            store = "-" if row.store_cpu is None else f"{row.store_cpu:.2f}"
            print(
                f"{name:<14} {label:<11} {row.per_second:>8.0f} {row.p50_ms:>7.1f} "
                f"{row.p99_ms:>8.1f} {row.client_cpu:>10.2f} {row.server_cpu:>10.2f} "
                f"{store:>9} {row.server_us_per_turn:>14.0f}"
            )
    bare = results.get("bare sqlite")
    botc = results.get("botc sqlite")
    if bare and botc:
        ratio = botc[0].per_second / bare[0].per_second
        print(f"botc sqlite / bare sqlite, closed loop: {ratio:.2f}x")
    one, two = results.get("botc redis x1"), results.get("botc redis x2")
    if one and two:
        ratio = two[0].per_second / one[0].per_second
        cpu = two[0].server_cpu / one[0].server_cpu
        print(
            f"botc redis 2 workers / 1 worker, closed loop: {ratio:.2f}x the turns/s "
            f"with {cpu:.2f}x the server CPU"
        )
    if "botc redis x1" not in results and not shutil.which("redis-server"):
        print("redis: skipped (redis-server is not installed)")


if __name__ == "__main__":
    sys.exit(main())
