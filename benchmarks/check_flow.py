"""`botc check` with the flow analyses, on realistic bots (issue 10 item 6).

    python benchmarks/check_flow.py [--runs 3] [--bots N]

1. `botc check` as a whole process (interpreter start, imports, grammar load, every check
   including the flow analyses) on the corpus bots of tests/verification/bots (30-60
   lines each, banking, retail, insurance, telco): the slowest file's median CPU time of
   `--runs` runs, with the bytecode cache on as an installed package has it. Target:
   <= 300 ms of CPU time (user + system of the child) for every file.
2. In this process: the CPU time of `compile_source` per corpus file, and how much of it
   the flow analyses take (the checks of issue 10, run alone).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from compile import installed_environment, process_times_ms
from timing import cpu_seconds, print_table, verdict

from botc.compiler.checks.catalogue import FLOW_ANALYSES, run_checks
from botc.compiler.checks.context import CheckContext
from botc.compiler.compile import compile_source
from botc.compiler.flow import build_flow
from botc.compiler.symbols import resolve_names
from botc.dsl import parse

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "verification" / "bots"
TARGET_CHECK_MS = 300.0



def _flow_only(path: Path) -> None:
    module = parse(path.read_text(encoding="utf-8"), str(path))
    symbols = resolve_names(module)
    context = CheckContext(module, symbols, build_flow(module, symbols), path.parent,
                           "custom-endpoint")
    run_checks(context, FLOW_ANALYSES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bots", type=int, default=0, help="only the N longest (0: all)")
    args = parser.parse_args(argv)
    bots = sorted(CORPUS.glob("*.bot"), key=lambda p: -p.read_text().count("\n"))
    if args.bots:
        bots = bots[: args.bots]

    rows = []
    for path in bots:
        text = path.read_text(encoding="utf-8")
        whole = statistics.median(
            cpu_seconds(lambda text=text, path=path: compile_source(text, str(path)), args.runs)
        )
        flow = statistics.median(cpu_seconds(lambda path=path: _flow_only(path), args.runs))
        rows.append([path.name, text.count("\n"), whole * 1000, flow * 1000])
    print_table(
        f"compile_source in this process (CPU ms, median of {args.runs})",
        ["bot", "lines", "compile + every check", "flow analyses alone (parse included)"],
        sorted(rows, key=lambda row: -float(row[2]))[:10],
    )

    with tempfile.TemporaryDirectory() as folder:
        env = installed_environment(Path(folder) / "pycache")
        process_rows = []
        for path in bots:
            check = [sys.executable, "-m", "botc", "check", str(path)]
            walls, cpus = process_times_ms(check, env, args.runs)
            process_rows.append([path.name, statistics.median(cpus), statistics.median(walls)])
        floor_walls, floor_cpus = process_times_ms([sys.executable, "-c", "pass"], env, args.runs)
    floor = statistics.median(floor_cpus)
    slowest = max(process_rows, key=lambda row: float(row[1]))
    slowest_cpu = float(slowest[1])
    print_table(
        f"botc check FILE as a whole process, {len(process_rows)} corpus bots (ms, median of "
        f"{args.runs}; the five slowest)",
        ["bot", "CPU", "wall"],
        sorted(process_rows, key=lambda row: -float(row[1]))[:5],
    )
    print_table(
        "botc check target",
        ["measure", "value", "target", "verdict"],
        [["slowest file, CPU", slowest_cpu, f"<= {TARGET_CHECK_MS:.0f} ms",
          verdict(slowest_cpu <= TARGET_CHECK_MS, f"{slowest_cpu:.0f} ms ({slowest[0]})")],
         ["python -c pass (the floor)", floor, "",
          f"wall {statistics.median(floor_walls):.0f} ms"]],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
