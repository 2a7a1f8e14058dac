"""Load on `botc serve` over loopback: turns/s and latency for the SQLite and Redis stores.

Starts the service as a subprocess (and a throw-away `redis-server` when the binary is
installed), then runs N conversations at once, each sending T text events one after the
other, as LivePerson's connector does for one conversation. Bounded: at most N*T turns
and `--max-seconds` of load per store; it stops by itself and prints a table.

    python benchmarks/service_load.py [--conversations 20] [--turns 25] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
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

import httpx

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
TOKEN = "load-test-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answering(port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/v1/bots/load/environments"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process on port {port} exited with {process.returncode}")
        try:
            if httpx.get(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"nothing answered on port {port} within {timeout}s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def conversation(
    client: httpx.AsyncClient, name: str, turns: int, deadline: float, latencies: list[float]
) -> None:
    path = f"/v1/bots/load/environments/draft/conversations/{name}"
    created = await client.put(path, json={"sdes": {}, "context": {}})
    created.raise_for_status()
    for sequence in range(1, turns + 1):
        if time.monotonic() > deadline:
            return
        body = {
            "type": "TEXT",
            "data": {"message": "count"},
            "context": {"lpEvent": {"sequence": sequence}},
        }
        started = time.perf_counter()
        reply = await client.post(path + "/events", json=body)
        latencies.append(time.perf_counter() - started)
        expected = f"Count is {sequence}."
        if reply.status_code != 200 or reply.json()["response"][0]["data"]["message"] != expected:
            raise RuntimeError(f"{name}: unexpected reply {reply.status_code} {reply.text}")


async def load(port: int, conversations: int, turns: int, max_seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=conversations)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers=headers, limits=limits, timeout=30
    ) as client:
        started = time.perf_counter()
        deadline = time.monotonic() + max_seconds
        await asyncio.gather(
            *(
                conversation(client, f"load-{port}-{n}", turns, deadline, latencies)
                for n in range(conversations)
            )
        )
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "turns": len(ordered),
        "seconds": elapsed,
        "turns_per_second": len(ordered) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    }


def serve(bot: Path, store: str, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "BOTC_TOKEN": TOKEN}
    command = [sys.executable, "-m", "compiler.cli", "serve", str(bot), "--port", str(port)]
    command += ["--store", store, "--workers", str(workers), "--log-level", "warning"]
    with log.open("ab") as stderr:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    wait_until_answering(port, process, timeout=60)
    return process, port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--turns", type=int, default=25)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="botc-load-"))
    bot = folder / "load.bot"
    bot.write_text(BOT)
    stores = {"sqlite": f"sqlite:///{folder}/load.db"}
    redis_process = None
    redis_binary = shutil.which("redis-server")
    if redis_binary:
        redis_port = free_port()
        redis_process = subprocess.Popen(
            [redis_binary, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
            cwd=folder,
        )
        stores["redis"] = f"redis://127.0.0.1:{redis_port}/0"
    results: dict[str, dict[str, float]] = {}
    try:
        for name, url in stores.items():
            process, port = serve(bot, url, args.workers, folder / f"{name}.log")
            try:
                results[name] = asyncio.run(
                    load(port, args.conversations, args.turns, args.max_seconds)
                )
            finally:
                stop(process)
    finally:
        if redis_process is not None:
            stop(redis_process)
    print(
        f"botc serve: {args.conversations} conversations x {args.turns} turns, "
        f"{args.workers} worker(s), loopback"
    )
    print(f"{'store':<8} {'turns':>6} {'seconds':>8} {'turns/s':>8} {'p50 ms':>7} {'p99 ms':>7}")
    for name, row in results.items():
        print(
            f"{name:<8} {row['turns']:>6.0f} {row['seconds']:>8.2f} {row['turns_per_second']:>8.1f}"
            f" {row['p50_ms']:>7.1f} {row['p99_ms']:>7.1f}"
        )
    if not redis_binary:
        print("redis: skipped (redis-server is not installed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
