"""`botc test FILE_OR_DIR... [--explore N [--seed S]] [--coverage] [--junit-xml FILE]
[--format text|json]`.

Runs the `test` blocks of each `.bot` file (directories are searched for `*.bot`), in the
style of pytest: one `file::test name PASSED|FAILED` line per test, then each failure
explained, then `N passed, M failed`. `--explore N` checks the built-in invariants on N
generated conversations per bot and reports each broken one, shrunk, as a `test` block;
`--coverage` lists per dialog the steps and branches never exercised. Exit 0 when all
pass, 1 on any failure or finding, 2 when a file does not compile (diagnostics shown).
`--junit-xml FILE` also writes every result as JUnit XML for CI systems; `--format json`
prints one JSON document of the results instead of the text (runtime/testing/result_formats.py).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from botc.compiler.build import load_bot, render_loaded
from botc.compiler.commands.bot_paths import expand_bot_paths
from botc.compiler.commands.live_line import LiveLine
from botc.compiler.console import wants_colour

if TYPE_CHECKING:  # the runtime is imported only when the command runs (docs/INTERNALS.md)
    from botc.runtime.testing.exploration import Exploration
    from botc.runtime.testing.result_formats import Case
    from botc.runtime.testing.trace import Trace


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
    parser.add_argument(
        "--junit-xml", metavar="FILE", help="also write the results as JUnit XML to FILE"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (the default), or one JSON document for tools",
    )


def run(args: argparse.Namespace) -> int:
    files, missing = expand_bot_paths(args.paths)
    for path in missing:
        sys.stderr.write(f"botc: error: {path}: no such file or folder\n")
    if not files:
        if not missing:
            sys.stderr.write("botc: error: no .bot files found\n")
        return 2
    text = io.StringIO() if args.format == "json" else sys.stdout
    session = _Session(text, explore=args.explore, seed=args.seed, turns=args.max_turns)
    started = time.monotonic()
    broken = bool(missing)
    for path in files:
        broken = not session.run_file(path, coverage=args.coverage) or broken
    seconds = time.monotonic() - started
    session.finish(seconds)
    as_json = text is not sys.stdout
    if not _write_reports(session.cases, seconds, junit=args.junit_xml, json_out=as_json):
        return 2
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


def _write_reports(
    cases: list[Case], seconds: float, *, junit: str | None, json_out: bool
) -> bool:
    """Write the machine-readable reports asked for; False (with a one-line error) when the
    JUnit file cannot be written."""
    from botc.runtime.testing.result_formats import json_report, junit_xml

    if json_out:
        sys.stdout.write(json.dumps(json_report(cases, seconds), ensure_ascii=False) + "\n")
    if junit is not None:
        try:
            Path(junit).write_text(junit_xml(cases), encoding="utf-8")
        except OSError as problem:
            sys.stderr.write(f"botc: error: cannot write {junit}: {problem.strerror}\n")
            return False
    return True


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
        self.cases: list[Case] = []
        self.colour = wants_colour(out)

    def run_file(self, path: str, *, coverage: bool) -> bool:
        """Run one file's tests (and exploration); False when it does not compile."""
        from botc.runtime.faults import TableError
        from botc.runtime.testing.report import failure_text
        from botc.runtime.testing.result_formats import Case
        from botc.runtime.testing.runner import run_tests

        loaded = load_bot(path)
        if loaded.table is None:
            shown = render_loaded(loaded, colour=False)
            sys.stderr.write(render_loaded(loaded, colour=wants_colour(sys.stderr)) + "\n")
            self.out.write(f"{path} ERROR (does not compile)\n")
            self.cases.append(Case(path, "compile", None, "error", 0.0, "does not compile", shown))
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
            detail = failure_text(result, path)
            self.cases.append(
                Case(
                    path,
                    result.name,
                    result.line,
                    "passed" if result.passed else "failed",
                    result.seconds,
                    result.failure.message if result.failure else "",
                    detail,
                )
            )
            if not result.passed:
                self.details.append(failure_text(result, path, colour=self.colour))
        if self.explore is not None:
            traces.extend(self._explore(path, table).traces)
        if coverage:
            from botc.compiler.coverage_file import write_coverage
            from botc.runtime.testing.coverage_report import coverage as measure
            from botc.runtime.testing.coverage_report import render_coverage

            report = measure(table, traces)
            self.details.append(render_coverage(report, path))
            if report.reported:  # for `botc graph` to mark what was never reached
                missed = [step for dialog in report.dialogs for step in dialog.missed_steps]
                try:
                    write_coverage(path, table, missed)
                except OSError as problem:
                    sys.stderr.write(f"botc: warning: coverage file not written: {problem}\n")
        return True

    def _explore(self, path: str, table: dict[str, Any]) -> Exploration:
        from botc.runtime.testing.exploration import explore
        from botc.runtime.testing.report import finding_text
        from botc.runtime.testing.result_formats import Case

        assert self.explore is not None
        progress = _ExplorationProgress(sys.stderr, path, self.explore)
        result = explore(
            table, examples=self.explore, seed=self.seed, max_turns=self.turns, progress=progress
        )
        progress.done(result.tried, result.seed)
        for finding in result.findings:
            self._report(f"{path}::explore: {finding.invariant}", False)
            detail = finding_text(finding, path)
            self.details.append(detail)
            self.cases.append(
                Case(
                    path,
                    f"explore: {finding.invariant}",
                    finding.line,
                    "failed",
                    message=str(finding.violation),
                    detail=detail,
                )
            )
        if not result.findings:
            name = f"explore ({self.explore} conversations)"
            self._report(f"{path}::{name}", True)
            self.cases.append(Case(path, name, None, "passed"))
        return result

    def _report(self, node: str, passed: bool) -> None:
        word = "PASSED" if passed else "FAILED"
        if self.colour:
            word = f"\x1b[{32 if passed else 31}m{word}\x1b[0m"
        self.out.write(f"{node} {word}\n")
        self.out.flush()
        if passed:
            self.passed += 1
        else:
            self.failed += 1

    def finish(self, seconds: float) -> None:
        from botc.runtime.testing.report import summary_line

        for detail in self.details:
            self.out.write("\n" + detail + "\n")
        self.out.write(f"\nran in {seconds:.2f}s\n{summary_line(self.passed, self.failed)}\n")


class _ExplorationProgress:
    """How many conversations were tried: on a live line while on a terminal, once at the end."""

    def __init__(self, stream: TextIO, path: str, examples: int) -> None:
        self.line = LiveLine(stream)
        self.path = path
        self.examples = examples

    def __call__(self, tried: int) -> None:
        elapsed = time.monotonic() - self.line.started
        self.line.show(progress_line(self.path, tried, self.examples, elapsed))

    def done(self, tried: int, seed: int) -> None:
        self.line.clear()
        self.line.stream.write(
            f"exploring {self.path}: {tried} conversations tried "
            f"({self.examples} per search, seed {seed})\n"
        )


def progress_line(path: str, tried: int, total: int, elapsed: float) -> str:
    """`exploring FILE: 40/200 conversations, about 12s left`; past the total (shrinking
    a finding, or searching for the next kind) the count goes on without an estimate."""
    if tried >= total or tried == 0:
        return f"exploring {path}: {tried} conversations tried (of {total}), shrinking   "
    left = elapsed / tried * (total - tried)
    return f"exploring {path}: {tried}/{total} conversations, about {left:.0f}s left   "
