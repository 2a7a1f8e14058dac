"""Every benchmark in one command: routing, turns, compile, memory (issue 6), load
(issue 12), verify (issue 10), lsp (issue 13).

    python benchmarks/run_all.py            # the sizes of the targets (several minutes)
    python benchmarks/run_all.py --quick    # small sizes, to see that everything runs
    python benchmarks/run_all.py --only turns,memory

Each part prints its own tables (see its module's docstring); the turn and memory parts
share one compiled copy of the generated bot. The exit code is the first non-zero one a
part returned (the routing part returns 1 when botc answers a query wrongly).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling benchmark modules

import check_flow
import compile as compile_benchmark
import load
import lsp
import memory
import routing
import turns
import verify

PARTS: dict[str, Callable[[list[str] | None], int]] = {
    "routing": routing.main,
    "turns": turns.main,
    "compile": compile_benchmark.main,
    "memory": memory.main,
    "verify": verify.main,
    "lsp": lsp.main,
    "load": load.main,
    "check-flow": check_flow.main,
}
# The arguments of each part: at the targets' sizes, and for a quick run.
FULL: dict[str, list[str]] = {
    "routing": [],
    "turns": ["--dialogs", "10000", "--repeat", "2000"],
    "compile": ["--lines", "70000", "--runs", "3"],
    "memory": ["--dialogs", "10000"],
    "verify": ["--dialogs", "2000", "--budget", "10"],
    "lsp": ["--lines", "500", "--changes", "50"],
    "load": ["--dialogs", "1000,10000,100000", "--runs", "3"],
    "check-flow": ["--runs", "3"],
}
QUICK: dict[str, list[str]] = {
    "routing": ["--sizes", "100,1000", "--queries", "300", "--rounds", "1",
                "--peer-seconds", "5"],
    "turns": ["--dialogs", "200", "--repeat", "300"],
    "compile": ["--lines", "2000", "--runs", "1"],
    "memory": ["--dialogs", "200"],
    "verify": ["--depth", "3", "--dialogs", "100", "--budget", "2"],
    "lsp": ["--lines", "100", "--changes", "6", "--bursts", "2"],
    "load": ["--dialogs", "200,1000", "--runs", "1"],
    "check-flow": ["--runs", "1", "--bots", "5"],
}


def chosen_parts(only: str | None) -> list[str]:
    """The part names to run, in the fixed order; exits on an unknown name."""
    if only is None:
        return list(PARTS)
    names = [name.strip() for name in only.split(",") if name.strip()]
    unknown = [name for name in names if name not in PARTS]
    if unknown:
        raise SystemExit(f"unknown part(s): {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    return [name for name in PARTS if name in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (well under a minute "
                        "on an idle machine); the verdicts then say little")
    parser.add_argument("--only", metavar="PARTS", help=f"comma separated, of: {', '.join(PARTS)}")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    code = 0
    for name in chosen_parts(args.only):
        started = time.perf_counter()
        print(f"\n===== {name} ({' '.join(sizes[name]) or 'defaults'}) =====", flush=True)
        result = PARTS[name](sizes[name])
        print(f"({name}: {time.perf_counter() - started:.0f} s)", flush=True)
        code = code or result
    return code


if __name__ == "__main__":
    sys.exit(main())
