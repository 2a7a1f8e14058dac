"""The Redis store's work per served turn, without HTTP: CPU of redis-server and of botc.

Starts a `redis-server` on loopback and drives `--turns` turns over `--conversations`
conversations from one event loop, as `botc serve` does for a turn without effects:
`submit_load` the record, then `submit_swap` the next version with its kept reply (the
store's thread sends both in batches). Two ways to load, alternated `--rounds` times:

- **kept**: the store answers the load from the records it wrote (no command sent);
- **read**: the loads go through a second store of the same Redis that never writes,
  so each one is an HGET, as every load was before the store kept its records.

It prints, per turn, the CPU of redis-server and of this process (the event loop and
the store's batch thread): the share of a served turn's cost that is the store's.

    python benchmarks/redis_turns.py [--turns 20000] [--conversations 64] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

from botc.runtime.stores import ConversationRecord, StoredReply
from botc.runtime.stores.redis_store import RedisStore

REPLY = {"response": [{"type": "TEXT", "data": {"message": "Count is 5."}}], "intents": []}


@attrs.frozen
class Round:
    """One round: microseconds of CPU per turn, of redis-server and of this process."""

    redis_us: float
    botc_us: float


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def drive(writer: RedisStore, loader: RedisStore, keys: list[str], turns: int) -> None:
    """`turns` turns spread over `keys`, each conversation's one after the other."""
    left = turns

    async def conversation(key: str) -> None:
        nonlocal left
        while left > 0:
            left -= 1
            record = await loader.submit_load(key)
            assert record is not None and record.state is not None
            count = record.state["count"] + 1
            newer = record.next_version(state={"count": count}, applied=count)
            if not await writer.submit_swap(key, newer, StoredReply(count, REPLY)):
                raise RuntimeError(f"{key}: the compare-and-set of version {newer.version} lost")

    await asyncio.gather(*(conversation(key) for key in keys))


def one_round(url: str, redis_pid: int, args: argparse.Namespace, tag: str, kept: bool) -> Round:
    writer = RedisStore(url)
    loader = writer if kept else RedisStore(url)
    keys = [f"{tag}-{n}" for n in range(args.conversations)]
    for key in keys:
        writer.create(key, ConversationRecord(version=1, sdes={}, context={}, state={"count": 0}))

    async def measured() -> Round:
        await drive(writer, loader, keys, args.conversations * 4)  # warm up
        redis_before, botc_before = cpu_seconds(redis_pid), time.process_time()
        await drive(writer, loader, keys, args.turns)
        return Round(
            (cpu_seconds(redis_pid) - redis_before) / args.turns * 1e6,
            (time.process_time() - botc_before) / args.turns * 1e6,
        )

    try:
        return asyncio.run(measured())
    finally:
        writer.close()
        if loader is not writer:
            loader.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20_000, help="turns per round")
    parser.add_argument("--conversations", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    binary = shutil.which("redis-server")
    if binary is None:
        print("redis: skipped (redis-server is not installed)")
        return 0
    port = free_port()
    folder = tempfile.mkdtemp(prefix="botc-redis-")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
        cwd=folder,
    )
    url = f"redis://127.0.0.1:{port}/0"
    results: dict[str, list[Round]] = {"kept": [], "read": []}
    load_before = os.getloadavg()[0]
    try:
        time.sleep(0.5)
        for number in range(args.rounds):
            for mode in results:
                results[mode].append(
                    one_round(url, server.pid, args, f"{mode}{number}", mode == "kept")
                )
    finally:
        server.terminate()
        server.wait()
    print(
        f"{args.rounds} rounds of {args.turns} turns over {args.conversations} conversations, "
        "load + compare-and-set with a kept reply per turn; CPU in µs per turn (median)"
    )
    print(f"{'loads':<6} {'redis-server':>12} {'botc (loop + batch thread)':>27}")
    for mode, rounds in results.items():
        redis_us = statistics.median(row.redis_us for row in rounds)
        botc_us = statistics.median(row.botc_us for row in rounds)
        print(f"{mode:<6} {redis_us:>12.1f} {botc_us:>27.1f}")
    print(f"load average (1 min): {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
