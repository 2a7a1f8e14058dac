"""Server CPU per served turn: `botc serve` on SQLite (and the bare app) under a fixed load.

Wall-clock throughput moves with whatever else the machine runs; the CPU seconds the
server process spends on a fixed number of turns moves much less. This starts each
server as a subprocess on loopback (the same servers and lean keep-alive client as
`service_load.py`), warms it up, then drives `--turns` turns closed loop over
`--conversations` conversations, `--rounds` times, and reads the server's CPU (user +
system, all its threads) from /proc before and after each round. It prints the CPU
seconds per 1,000 turns (the lowest and the median round) and the µs per turn.

    python benchmarks/serve_cpu.py [--turns 10000] [--rounds 3] [--conversations 32]
    python benchmarks/serve_cpu.py --profile 40     # botc under cProfile: its top 40

With `--profile N`, `botc serve` runs under cProfile (which slows it down and sees only
the event loop's thread, where a turn without effects runs) and the N functions with the
most own time are printed after the rounds; its CPU figures are then not comparable.
"""

from __future__ import annotations

import argparse
import asyncio
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))

from asyncio_client import Conversation, conversations
from service_load import BOT, ROOT, cpu_seconds, start, stop

# `python -c` this, then the `botc` arguments: the CLI under cProfile. uvicorn gives the
# signal back to the handler it found once it has shut down, so the stats are written there.
PROFILED = """
import cProfile, signal, sys
from botc.compiler.cli import main
profiler = cProfile.Profile()
def write(number, frame):
    profiler.disable()
    profiler.dump_stats({output!r})
    sys.exit(0)
signal.signal(signal.SIGTERM, write)
profiler.enable()
main(sys.argv[1:])
"""


async def turns_closed_loop(talks: list[Conversation], turns: int) -> None:
    """`turns` turns in all, each conversation sending its next as soon as answered."""
    left = turns

    async def run(conversation: Conversation) -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await conversation.turn()

    await asyncio.gather(*(run(conversation) for conversation in talks))


def measure(port: int, pid: int, args: argparse.Namespace, tag: str) -> list[float]:
    """Server CPU seconds per 1,000 turns, one figure per round."""
    import uvloop

    async def rounds() -> list[float]:
        talks = await conversations(port, args.conversations, tag)
        await turns_closed_loop(talks, max(1000, args.turns // 5))  # warm up
        figures = []
        for _ in range(args.rounds):
            before = cpu_seconds(pid)
            await turns_closed_loop(talks, args.turns)
            figures.append((cpu_seconds(pid) - before) / args.turns * 1000)
        for talk in talks:
            talk.connection.close()
        return figures

    return uvloop.run(rounds())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=10_000, help="turns per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--conversations", type=int, default=32)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile botc")
    parser.add_argument("--no-bare", action="store_true", help="measure botc serve only")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="botc-cpu-"))
    bot = folder / "load.bot"
    bot.write_text(BOT)
    python = [sys.executable]
    profile = folder / "serve.prof"
    if args.profile:
        python = [sys.executable, "-c", PROFILED.format(output=str(profile))]
    servers = {
        "botc sqlite": [
            *(python if args.profile else [*python, "-m", "botc"]),
            "serve",
            str(bot),
            "--log-level",
            "warning",
            "--store",
            f"sqlite:///{folder}/botc.db",
        ],
    }
    if not args.no_bare:
        servers["bare sqlite"] = [
            sys.executable,
            str(ROOT / "benchmarks" / "bare_app.py"),
            "--store",
            f"sqlite:///{folder}/bare.db",
        ]
    results: dict[str, list[float]] = {}
    for name, command in servers.items():
        process, port = start(command, folder / f"{name.replace(' ', '-')}.log")
        try:
            results[name] = measure(port, process.pid, args, f"{name.replace(' ', '-')}")
        finally:
            stop(process)
    print(
        f"{args.rounds} rounds of {args.turns} turns, {args.conversations} conversations, "
        "closed loop; server CPU = user + system of the server process"
    )
    print(f"{'server':<12} {'CPU s / 1,000 turns (best)':>27} {'(median)':>9} {'µs/turn':>8}")
    for name, figures in results.items():
        best, median = min(figures), statistics.median(figures)
        print(f"{name:<12} {best:>27.3f} {median:>9.3f} {best * 1000:>8.0f}")
    if args.profile:
        time.sleep(0.5)
        print(f"\ncProfile of botc serve (event loop thread), top {args.profile} by own time:")
        pstats.Stats(str(profile)).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
