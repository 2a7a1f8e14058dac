"""`botc verify` benchmark (issue 10 item 6): how deep it proves, and how fast.

    python benchmarks/verify.py [--depth 6] [--dialogs 2000] [--budget 10]

Each example (`examples/*.bot`) is verified to `--depth` events; target: depth 6 proven in
under 5 s of CPU time each. Then the generated bot of `--dialogs` dialogs (`bot_source.py`)
is verified within `--budget` seconds of exploring; target: it stops within its budget
in wall-clock time (a little slack for the turn in progress) and says how deep it got.
Loading a big table (schema validation, templates, the trigger index) comes before the
budget and is shown on its own. Other times are CPU seconds of this process
(`time.process_time`), so a busy machine does not make them look worse than the code is.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from bot_source import generate_bot
from timing import print_table, verdict

from botc.compiler.build import LoadedBot, load_bot
from botc.compiler.compile import compile_source
from botc.compiler.verification import VerificationResult, verify_bot
from botc.runtime.testing.stepping import loaded_table

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TARGET_EXAMPLE_SECONDS = 5.0
BUDGET_SLACK_SECONDS = 1.0


def verify_timed(
    bot: LoadedBot, *, depth: int, budget: float
) -> tuple[VerificationResult, float, float, float]:
    """The verification of `bot`, the CPU seconds its table took to load, and the CPU and
    wall-clock seconds the verification took after that."""
    assert bot.table is not None
    started = time.process_time()
    loaded_table(bot.table)
    loaded, wall = time.process_time(), time.monotonic()
    result = verify_bot(bot, depth=depth, budget_seconds=budget)
    return result, loaded - started, time.process_time() - loaded, time.monotonic() - wall


def example_rows(depth: int) -> tuple[list[list[object]], bool]:
    rows: list[list[object]] = []
    met_all = True
    for path in sorted(EXAMPLES.glob("*.bot")):
        bot = load_bot(path)
        result, load, seconds, _ = verify_timed(bot, depth=depth, budget=60.0)
        met = result.depth_proven >= depth and load + seconds < TARGET_EXAMPLE_SECONDS
        met_all = met_all and met
        rows.append(
            [
                path.name,
                result.states_explored,
                result.depth_proven,
                len(result.findings),
                load + seconds,
                verdict(met, f"depth {depth} in < {TARGET_EXAMPLE_SECONDS:.0f} s"),
            ]
        )
    return rows, met_all


def generated_row(dialogs: int, depth: int, budget: float) -> tuple[list[object], bool]:
    source = generate_bot(dialogs)
    compiled = compile_source(source, "generated.bot")
    if compiled.table is None:
        raise SystemExit("the generated bot does not compile")
    bot = LoadedBot("generated.bot", compiled.table, compiled.diagnostics, source)
    result, load, seconds, wall = verify_timed(bot, depth=depth, budget=budget)
    met = wall <= budget + BUDGET_SLACK_SECONDS
    row: list[object] = [
        f"{dialogs} dialogs",
        result.states_explored,
        result.depth_proven,
        len(result.findings),
        load,
        seconds,
        wall,
        verdict(met, f"within its {budget:g} s budget, depth {result.depth_proven} proven"),
    ]
    return row, met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=6, help="events per conversation (6)")
    parser.add_argument("--dialogs", type=int, default=2000, help="the generated bot's size")
    parser.add_argument("--budget", type=float, default=10.0, help="its budget in seconds")
    args = parser.parse_args(argv)
    rows, _ = example_rows(args.depth)
    print_table(
        f"botc verify, examples, depth {args.depth} (CPU seconds)",
        ["bot", "states", "depth proven", "findings", "seconds", "target"],
        rows,
    )
    row, _ = generated_row(args.dialogs, args.depth, args.budget)
    print_table(
        f"botc verify, generated bot, budget {args.budget:g} s (CPU seconds, and wall)",
        ["bot", "states", "depth proven", "findings", "load s", "explore s", "wall s", "target"],
        [row],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
