"""`botc test FILE_OR_DIR... [--explore N [--seed S]] [--coverage]`.

Runs the `test` blocks of each `.bot` file (directories are searched for `*.bot`), in the
style of pytest: one `file::test name PASSED|FAILED` line per test, then each failure
explained, then `N passed, M failed`. `--explore N` checks the built-in invariants on N
generated conversations per bot and reports each broken one, shrunk, as a `test` block;
`--coverage` lists per dialog the steps and branches never exercised. Exit 0 when all
pass, 1 on any failure or finding, 2 when a file does not compile (diagnostics shown).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from compiler.build import load_bot, render_loaded
from compiler.commands.bot_paths import expand_bot_paths
from compiler.console import wants_colour

if TYPE_CHECKING:  # the runtime is imported only when the command runs (docs/INTERNALS.md)
    from runtime.testing.exploration import Exploration
    from runtime.testing.trace import Trace


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help=".bot files or folders")
    parser.add_argument(
        "--explore",
        type=_positive,
        metavar="N",
        help="check the built-in invariants on N generated conversations per bot",
    )
    parser.add_argument("--seed", type=int, metavar="S", help="seed of the exploration")
    parser.add_argument(
        "--max-turns", type=_positive, default=8, metavar="T", help="events per conversation"
    )
    parser.add_argument(
        "--coverage", action="store_true", help="list the steps and branches never exercised"
    )


def run(args: argparse.Namespace) -> int:
    files, missing = expand_bot_paths(args.paths)
    for path in missing:
        sys.stderr.write(f"botc: error: {path}: no such file or folder\n")
    if not files:
        if not missing:
            sys.stderr.write("botc: error: no .bot files found\n")
        return 2
    session = _Session(sys.stdout, explore=args.explore, seed=args.seed, turns=args.max_turns)
    started = time.monotonic()
    broken = bool(missing)
    for path in files:
        broken = not session.run_file(path, coverage=args.coverage) or broken
    session.finish(time.monotonic() - started)
    if broken:
        return 2
    return 1 if session.failed else 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:  # argparse would otherwise name this function in its message
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


class _Session:
    """One `botc test` run: prints as it goes and keeps the counts."""

    def __init__(self, out: TextIO, *, explore: int | None, seed: int | None, turns: int) -> None:
        self.out = out
        self.explore = explore
        self.seed = seed
        self.turns = turns
        self.passed = 0
        self.failed = 0
        self.details: list[str] = []

    def run_file(self, path: str, *, coverage: bool) -> bool:
        """Run one file's tests (and exploration); False when it does not compile."""
        from runtime.faults import TableError
        from runtime.testing.report import failure_text
        from runtime.testing.runner import run_tests

        loaded = load_bot(path)
        if loaded.table is None:
            sys.stderr.write(render_loaded(loaded, colour=wants_colour(sys.stderr)) + "\n")
            self.out.write(f"{path} ERROR (does not compile)\n")
            return False
        table = loaded.table
        traces: list[Trace] = []
        try:
            results = run_tests(table)
        except TableError as problem:
            sys.stderr.write(f"botc: error: {path}: {problem}\n")
            self.out.write(f"{path} ERROR (the runtime refuses the table)\n")
            return False
        except Exception as crash:  # a bug in botc itself: said so, never blamed on the table
            sys.stderr.write(
                f"botc: internal error in the test runner on {path}: "
                f"{type(crash).__name__}: {crash}\n"
            )
            self.out.write(f"{path} ERROR (internal error)\n")
            return False
        for result in results:
            traces.append(result.trace)
            self._report(f"{path}::{result.name}", result.passed)
            if not result.passed:
                self.details.append(failure_text(result, path))
        if self.explore is not None:
            traces.extend(self._explore(path, table).traces)
        if coverage:
            from runtime.testing.coverage_report import coverage as measure
            from runtime.testing.coverage_report import render_coverage

            self.details.append(render_coverage(measure(table, traces), path))
        return True

    def _explore(self, path: str, table: dict[str, Any]) -> Exploration:
        from runtime.testing.exploration import explore
        from runtime.testing.report import finding_text

        assert self.explore is not None
        progress = _Progress(sys.stderr, path, self.explore)
        result = explore(
            table, examples=self.explore, seed=self.seed, max_turns=self.turns, progress=progress
        )
        progress.done(result.tried, result.seed)
        for finding in result.findings:
            self._report(f"{path}::explore: {finding.invariant}", False)
            self.details.append(finding_text(finding, path))
        if not result.findings:
            self._report(f"{path}::explore ({self.explore} conversations)", True)
        return result

    def _report(self, node: str, passed: bool) -> None:
        self.out.write(f"{node} {'PASSED' if passed else 'FAILED'}\n")
        self.out.flush()
        if passed:
            self.passed += 1
        else:
            self.failed += 1

    def finish(self, seconds: float) -> None:
        from runtime.testing.report import summary_line

        for detail in self.details:
            self.out.write("\n" + detail + "\n")
        self.out.write(f"\nran in {seconds:.2f}s\n{summary_line(self.passed, self.failed)}\n")


class _Progress:
    """Shows how many conversations were tried: in place on a terminal, else once at the end."""

    def __init__(self, stream: TextIO, path: str, examples: int) -> None:
        self.stream = stream
        self.path = path
        self.examples = examples
        self.live = bool(getattr(stream, "isatty", lambda: False)())
        self.last = 0.0

    def __call__(self, tried: int) -> None:
        now = time.monotonic()
        if self.live and now - self.last > 0.1:
            self.last = now
            self.stream.write(f"\rexploring {self.path}: {tried} conversations tried")
            self.stream.flush()

    def done(self, tried: int, seed: int) -> None:
        end = "\r" if self.live else ""
        self.stream.write(
            f"{end}exploring {self.path}: {tried} conversations tried "
            f"({self.examples} per search, seed {seed})\n"
        )
