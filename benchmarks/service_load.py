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
        [--only "botc redis x1,botc redis x2"] [--client c|python] [--pairs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
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


@attrs.frozen
class Served:
    """A server under load: its port, its process (workers are its children), the
    redis-server's process when it uses one, and the tag naming its conversations."""

    port: int
    pid: int
    store_pid: int | None
    tag: str


def drive(served: Served, args: argparse.Namespace, with_open_loop: bool = True) -> list[Figures]:
    """The closed-loop load (then the paced one, `with_open_loop`) on `served`, with the
    Python client."""
    import uvloop

    port, pid, store_pid, tag = served.port, served.pid, served.store_pid, served.tag

    async def loads() -> list[Figures]:
        talks = await conversations(port, args.conversations, tag)
        await closed_loop(talks, 1.0)  # warm up
        measured = []
        runs = [lambda: closed_loop(talks, args.seconds)]
        if with_open_loop:
            runs.append(lambda: open_loop(talks, args.seconds, args.rate))
        for load in runs:
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
            measured.append(figures(latencies, wall, client, server, store))
        for talk in talks:
            talk.connection.close()
        return measured

    return uvloop.run(loads())


def drive_native(
    binary: Path, served: Served, args: argparse.Namespace, with_open_loop: bool = True
) -> list[Figures]:
    """`drive` with the C client (`loadgen.c`): the same conversations, loads and checks."""
    port, pid, store_pid, tag = served.port, served.pid, served.store_pid, served.tag
    client = NativeClient(binary, port, args.conversations, f"{tag}-{time.monotonic_ns()}", TOKEN)
    try:
        client.closed(1.0)  # warm up
        measured = []
        runs = [lambda: client.closed(args.seconds)]
        if with_open_loop:
            runs.append(lambda: client.open(args.seconds, args.rate))
        for load in runs:
            server_before = cpu_seconds(pid)
            store_before = None if store_pid is None else cpu_seconds(store_pid)
            result = load()
            server = (cpu_seconds(pid) - server_before) / result.seconds
            store = None
            if store_pid is not None and store_before is not None:
                store = (cpu_seconds(store_pid) - store_before) / result.seconds
            measured.append(
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
        return measured
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
    parser.add_argument(
        "--pairs",
        type=int,
        default=3,
        help="closed loops of Redis with 1 worker then 2 workers, alternated, for the "
        "ratio of the two (default 3: the median of 3 ratios)",
    )
    args = parser.parse_args()
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")
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
        # both pinned (worker i on CPU i): left to the scheduler, the 2 workers share a
        # core now and then while the other idles (runtime/server/workers.py)
        servers["botc redis x1"] = [*serve, "--store", url, "--pin-workers"]
        servers["botc redis x2"] = [*serve, "--store", url, "--workers", "2", "--pin-workers"]
    if args.only:
        wanted = set(args.only.split(","))
        servers = {name: command for name, command in servers.items() if name in wanted}
    results: dict[str, list[Figures]] = {}
    binary = loadgen.build(folder) if args.client == "c" else None
    load_before = os.getloadavg()[0]

    def measure(name: str, with_open_loop: bool) -> list[Figures]:
        process, port = start(servers[name], folder / f"{name.replace(' ', '-')}.log")
        store_pid = redis_process.pid if redis_process and "redis" in name else None
        served = Served(port, process.pid, store_pid, name.replace(" ", "-"))
        try:
            if binary is None:
                return drive(served, args, with_open_loop)
            return drive_native(binary, served, args, with_open_loop)
        finally:
            stop(process)

    pairs: list[tuple[Figures, Figures]] = []
    try:
        if redis_process is not None:
            time.sleep(0.5)
        for name in servers:
            results[name] = measure(name, with_open_loop=True)
        if "botc redis x1" in results and "botc redis x2" in results:
            pairs.append((results["botc redis x1"][0], results["botc redis x2"][0]))
            for _ in range(args.pairs - 1):
                one = measure("botc redis x1", with_open_loop=False)[0]
                pairs.append((one, measure("botc redis x2", with_open_loop=False)[0]))
    finally:
        if redis_process is not None:
            stop(redis_process)
    print_table(results, args)
    if pairs:
        print_pairs(pairs)
    elif "botc redis x1" not in results and not shutil.which("redis-server"):
        print("redis: skipped (redis-server is not installed)")
    print(f"load average (1 min): {load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after")
    return 0


def print_table(results: dict[str, list[Figures]], args: argparse.Namespace) -> None:
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


def print_pairs(pairs: list[tuple[Figures, Figures]]) -> None:
    """The ratio of 2 Redis workers to 1 in each alternated pair of closed loops, their
    median (the machine's speed drifts by several percent within a minute), and what
    the machine allows: with the client and redis-server on the same cores, 2 workers
    can at most use all the cores left: cores / (b2 + k) turns per µs, b2 the servers'
    CPU per turn with 2 workers and k the client's and redis-server's (on 2 cores;
    with 1 worker, b1 per turn, one core: b1 / (b2 + k) * 2 of the 1-worker rate)."""
    ratios = [two.per_second / one.per_second for one, two in pairs]
    cpus = [two.server_cpu / one.server_cpu for one, two in pairs]
    listed = ", ".join(
        f"{one.per_second:.0f} -> {two.per_second:.0f} ({ratio:.2f}x)"
        for (one, two), ratio in zip(pairs, ratios, strict=True)
    )
    print(f"botc redis 1 worker -> 2 workers, closed loop, {len(pairs)} alternated pairs: {listed}")
    print(
        f"botc redis 2 workers / 1 worker: median {statistics.median(ratios):.2f}x the turns/s "
        f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x) with "
        f"{statistics.median(cpus):.2f}x the server CPU"
    )
    cores = os.cpu_count() or 1
    if cores <= 2:
        bounds = [two_workers_bound(one, two, cores) for one, two in pairs]
        print(
            f"on {cores} cores shared with the client and redis-server, 2 workers can give at "
            f"most {statistics.median(bounds):.2f}x (each pair's cores / (b2 + k) / 1-worker rate: "
            + ", ".join(f"{bound:.2f}" for bound in bounds)
            + ")"
        )


def two_workers_bound(one: Figures, two: Figures, cores: int) -> float:
    """The most 2 workers can give over the turns/s of 1 when the 2 workers, the client
    and redis-server share `cores` cores, from the CPU per turn measured with 2 workers:
    the servers' b2 and the client's and redis-server's k (all the cores busy)."""
    b2 = two.server_us_per_turn
    k = (two.client_cpu + (two.store_cpu or 0.0)) * two.seconds / two.turns * 1e6
    return cores / ((b2 + k) * 1e-6) / one.per_second


if __name__ == "__main__":
    sys.exit(main())
