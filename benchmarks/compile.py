"""Compile benchmark (issue 6 item 3).

    python benchmarks/compile.py [--lines 70000] [--runs 3]

1. A generated bot of about `--lines` lines (`bot_source.py`): the bare Lark parse of the
   text (the project's own LALR parser, no AST building) against `compiler.compile_source`
   end to end (parse, AST, every check, lowering). CPU seconds of this process, median of
   `--runs`. Target: compile <= 1.5x the bare parse. `compile_source` pauses the cyclic
   GC while it works, so the bare parse is also shown with the GC paused.
2. `botc check` on a small file as a whole process (interpreter start, imports, grammar
   load, check), the median of `--runs` runs, with Python's bytecode cache on as an
   installed package has it (in a temporary folder, not the checkout). Target: <= 300 ms
   of CPU time (user + system of the child); wall time is printed too, but on a busy
   machine it mostly measures the other processes. A breakdown of where the process's CPU
   time goes follows.
For a missed target the top of a cProfile is printed.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from bot_source import generate_bot
from timing import cpu_seconds, print_profile, print_table, profile_rows, verdict

from botc.compiler import compile_source
from botc.dsl.parser import bot_parser

TARGET_RATIO = 1.5
TARGET_CHECK_MS = 300.0
SMALL_DIALOGS = 10
CHECKOUT = Path(__file__).resolve().parent.parent

# Run in a child process: CPU seconds of each start-up phase of `botc check FILE`.
_PHASES = """
import sys, time, json
clock = time.process_time
marks = [("interpreter start", clock())]
import attrs, lark, jinja2
marks.append(("import attrs, lark, jinja2", clock()))
import botc.dsl.ast
marks.append(("import dsl.ast (attrs classes)", clock()))
import botc.compiler.cli, botc.compiler.commands.check, botc.compiler.compile
marks.append(("import the rest of botc check", clock()))
from botc.dsl.parser import bot_parser
bot_parser()
marks.append(("load the grammar (lark cache)", clock()))
botc.compiler.cli.build_parser()
marks.append(("build the command line parser", clock()))
botc.compiler.compile.compile_file(sys.argv[1])
marks.append(("check the file", clock()))
print(json.dumps(marks))
"""


def source_of_lines(lines: int) -> str:
    """A generated bot with at least `lines` lines (about 12 lines a dialog)."""
    dialogs = max(1, lines // 12)
    text = generate_bot(dialogs)
    while text.count("\n") < lines:
        dialogs += max(1, (lines - text.count("\n")) // 12)
        text = generate_bot(dialogs)
    return text


def installed_environment(cache: Path) -> dict[str, str]:
    """This environment with the bytecode cache on (kept under `cache`), as users have it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHECKOUT), env.get("PYTHONPATH")]))
    return env


def process_times_ms(
    command: Sequence[str], env: dict[str, str], runs: int
) -> tuple[list[float], list[float]]:
    """(wall ms, CPU ms) of each of `runs` runs of `command` as a fresh process; one untimed
    run first writes the bytecode and lark caches."""
    subprocess.run(command, check=True, capture_output=True, env=env)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        walls.append((time.perf_counter() - started) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cpus.append(used * 1000)
    return walls, cpus


def check_phases_ms(path: Path, env: dict[str, str]) -> list[tuple[str, float]]:
    """CPU ms of each phase of a `botc check` process (interpreter start counted from 0)."""
    found = subprocess.run(
        [sys.executable, "-c", _PHASES, str(path)], check=True, capture_output=True,
        env=env, text=True,
    )
    marks = json.loads(found.stdout)
    phases = [(marks[0][0], marks[0][1] * 1000)]
    for (_, before), (name, after) in itertools.pairwise(marks):
        phases.append((name, (after - before) * 1000))
    return phases


def _without_gc(action: Callable[[], object]) -> None:
    """Run `action` with cyclic GC off, as `compile_source` runs (for a like-for-like row)."""
    gc.disable()
    try:
        action()
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=70_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    text = source_of_lines(args.lines)
    lark = bot_parser()
    result = compile_source(text, "generated.bot")
    if not result.ok:
        raise SystemExit(f"the generated bot does not compile: {result.errors[0].message}")
    parse_times = cpu_seconds(lambda: lark.parse(text), args.runs)
    paused_times = cpu_seconds(lambda: _without_gc(lambda: lark.parse(text)), args.runs)
    compile_times = cpu_seconds(lambda: compile_source(text, "generated.bot"), args.runs)
    parse_s, compile_s = statistics.median(parse_times), statistics.median(compile_times)
    paused_s = statistics.median(paused_times)
    ratio = compile_s / parse_s
    print_table(
        f"Compiling a {text.count(chr(10)):,}-line bot (CPU seconds, median of {args.runs})",
        ["measure", "median", "slowest", "ratio to bare parse", "target", "verdict"],
        [
            ["bare Lark parse", parse_s, max(parse_times), 1.0, "", ""],
            ["bare Lark parse, GC paused (as compile has it)", paused_s, max(paused_times),
             paused_s / parse_s, "", f"compile is {compile_s / paused_s:.2f}x this"],
            ["compile end to end", compile_s, max(compile_times), ratio, f"<= {TARGET_RATIO}x",
             verdict(ratio <= TARGET_RATIO, f"{ratio:.2f}x the bare parse")],
        ],
    )
    if ratio > TARGET_RATIO:
        print_profile(
            "Where compile_source spends its time beyond the parse (cProfile of one compile)",
            profile_rows(lambda: compile_source(text, "generated.bot"), top=15),
        )

    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.bot"
        small.write_text(generate_bot(SMALL_DIALOGS), encoding="utf-8")
        env = installed_environment(Path(folder) / "pycache")
        check = [sys.executable, "-m", "botc", "check", str(small)]
        walls, cpus = process_times_ms(check, env, args.runs)
        floor_walls, floor_cpus = process_times_ms([sys.executable, "-c", "pass"], env, args.runs)
        phases = check_phases_ms(small, env)
    check_cpu = statistics.median(cpus)
    print_table(
        f"botc check on a small file ({SMALL_DIALOGS} dialogs), whole process (ms, median of "
        f"{args.runs})",
        ["process", "CPU", "wall", "target", "verdict"],
        [
            ["botc check", check_cpu, statistics.median(walls), f"<= {TARGET_CHECK_MS:.0f} CPU",
             verdict(check_cpu <= TARGET_CHECK_MS, f"{check_cpu:.0f} ms CPU")],
            ["python -c pass (the floor)", statistics.median(floor_cpus),
             statistics.median(floor_walls), "", ""],
        ],
    )
    print_table(
        "Where a botc check process spends its CPU time (ms, one run)",
        ["phase", "CPU ms"],
        [[name, ms] for name, ms in phases] + [["total", sum(ms for _, ms in phases)]],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
