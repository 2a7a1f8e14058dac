"""Where a compile goes after the parse (issue 12 item 5).

    python benchmarks/compile_phases.py [--lines 10000] [--runs 5]

On a generated bot of about `--lines` lines (`bot_source.py`), with the cyclic GC paused
as `compile_source` has it: the bare Lark parse, `dsl.parse` (parse and AST), and then each
phase of `compiler.compile_module` on its own (names, step parts, flow graph, template
sites, each check, the lowering), CPU ms and as a multiple of the bare parse, the minimum
of `--runs` runs after one untimed compile (the caches by text are warm, as they are in
`compile.py`). "what follows the parse" is `compile_module` timed whole; the phases add
up to a little less (the checks' shared work falls to the first check that asks for it).
Target for what follows the parse: <= 0.25x the bare parse.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from compile import source_of_lines
from timing import print_table, verdict

from botc import dsl
from botc.compiler.checks.catalogue import CHECKS
from botc.compiler.checks.context import CheckContext
from botc.compiler.compile import compile_module
from botc.compiler.flow import build_flow
from botc.compiler.lower import lower_module
from botc.compiler.module_steps import module_steps
from botc.compiler.symbols import resolve_names
from botc.compiler.template_sites import template_sites
from botc.dsl.parser import bot_parser

TARGET_AFTER_PARSE = 0.25
Result = TypeVar("Result")


class _Phases:
    """The least CPU seconds each named phase took over the runs."""

    def __init__(self) -> None:
        self.least: dict[str, float] = {}

    def time(self, name: str, action: Callable[[], Result]) -> Result:
        started = time.process_time()
        result = action()
        took = time.process_time() - started
        self.least[name] = min(took, self.least.get(name, took))
        return result


def _one_run(phases: _Phases, text: str) -> None:
    lark = bot_parser()
    phases.time("bare Lark parse", lambda: lark.parse(text))
    module = phases.time("dsl.parse (parse and AST)", lambda: dsl.parse(text, "generated.bot"))
    phases.time("what follows the parse (compile_module)", lambda: compile_module(module))
    module = dsl.parse(text, "generated.bot")  # afresh: nothing of the last compile is reused
    symbols = resolve_names(module)
    steps = phases.time("module_steps (each step's parts)", lambda: module_steps(module))
    context = CheckContext(
        module=module,
        symbols=symbols,
        flow=phases.time("build_flow", lambda: build_flow(module, symbols, steps)),
        base_dir=Path("."),
        target="custom-endpoint",
        steps=steps,
        sites=phases.time("template_sites", lambda: template_sites(module, steps)),
    )
    for check in CHECKS:
        phases.time(check.__name__, lambda: list(check(context)))  # noqa: B023 (run at once)
    phases.time(
        "lower_module",
        lambda: lower_module(module, base_dir=Path("."), step_parts=steps, symbols=symbols),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    text = source_of_lines(args.lines)
    compile_module(dsl.parse(text, "generated.bot"))  # untimed: the caches by text fill
    phases = _Phases()
    was_enabled = gc.isenabled()
    try:
        for _ in range(args.runs):
            gc.collect()
            gc.disable()
            _one_run(phases, text)
            gc.enable()
    finally:
        if was_enabled:
            gc.enable()
    bare = phases.least["bare Lark parse"]
    rows = [
        [name, seconds * 1000, f"{seconds / bare:.3f}x"]
        for name, seconds in sorted(phases.least.items(), key=lambda item: -item[1])
    ]
    print_table(
        f"A {text.count(chr(10)):,}-line bot, GC paused: CPU ms, least of {args.runs} runs",
        ["phase", "ms", "of the bare parse"],
        rows,
    )
    after = phases.least["what follows the parse (compile_module)"] / bare
    print(
        "\nwhat follows the parse: "
        + verdict(after <= TARGET_AFTER_PARSE, f"{after:.3f}x the bare parse (target "
                  f"<= {TARGET_AFTER_PARSE}x)")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
