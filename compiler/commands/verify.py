"""`botc verify FILE_OR_DIR... [--depth N] [--budget SECONDS]`: bounded model checking.

Each bot's table is explored breadth-first over classes of inputs to `--depth` events
(default 6), within `--budget` seconds per bot (default 10), and every broken invariant is
reported like a `botc check` diagnostic — `file:line:col: error|warning: ...` at the step,
branch or pattern at fault — with its shortest conversation as a ready-to-paste `test`
block. Then per bot how far the exploration got, and `N errors, M warnings`. All of it
goes to stderr, with a progress line while it runs on a terminal. Exit 0 when no bot has
an error (warnings allowed), 1 otherwise, 2 when a path does not exist or the runtime
refuses a table. See docs/TESTING.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from botc.compiler.build import load_bot
from botc.compiler.commands.bot_paths import bot_files_or_report
from botc.compiler.commands.live_line import LiveLine
from botc.compiler.console import print_diagnostics, summary
from botc.dsl.diagnostics import Diagnostic

if TYPE_CHECKING:  # the runtime is imported only when the command runs (docs/INTERNALS.md)
    from botc.compiler.verification import VerificationResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE_OR_DIR", help=".bot files, or folders holding them"
    )
    parser.add_argument(
        "--depth", type=_whole(1), default=6, metavar="N", help="events per conversation (6)"
    )
    parser.add_argument(
        "--budget",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="time allowed per bot (10); the report says how deep it got",
    )


def run(args: argparse.Namespace) -> int:
    from botc.compiler.verification import verify_bot
    from botc.runtime.faults import TableError

    files = bot_files_or_report(args.files)
    if files is None:
        return 2
    diagnostics: list[Diagnostic] = []
    sources: dict[str, str] = {}
    reports: list[str] = []
    for filename in files:
        loaded = load_bot(filename)
        if loaded.source is not None:
            sources[filename] = loaded.source
        live = LiveLine(sys.stderr)
        progress = partial(_show_search, live, filename)
        started = time.monotonic()
        try:
            result = verify_bot(
                loaded, depth=args.depth, budget_seconds=args.budget, progress=progress
            )
        except TableError as problem:  # a table the runtime refuses
            live.clear()
            sys.stderr.write(f"botc: error: {filename}: {problem}\n")
            return 2
        except Exception as crash:  # a bug in botc itself: said so, never blamed on the table
            live.clear()
            sys.stderr.write(
                f"botc: internal error in the verifier on {filename}: "
                f"{type(crash).__name__}: {crash}\n"
            )
            return 2
        live.clear()
        diagnostics.extend(result.diagnostics)
        for named in {d.filename for d in result.diagnostics} - set(sources):
            if Path(named).is_file():  # the .bot file a .json table was compiled from
                sources[named] = Path(named).read_text(encoding="utf-8", errors="replace")
        if loaded.table is not None:
            reports.append(_report(result, args.depth, time.monotonic() - started))
    print_diagnostics(diagnostics, sources, sys.stderr)
    for line in reports:
        sys.stderr.write(line + "\n")
    errors = sum(1 for d in diagnostics if d.severity == "error")
    sys.stderr.write(summary(errors, len(diagnostics) - errors) + "\n")
    return 1 if errors else 0


def _report(result: VerificationResult, depth: int, seconds: float) -> str:
    """`verified FILE: 112 states explored, depth 6 proven in 0.8s (...)`."""
    if result.exhausted:
        how = "every reachable state explored"
    elif result.depth_proven < depth:
        how = f"budget spent before depth {result.depth_proven + 1} was done"
    else:
        how = "longer conversations not explored"
    return (
        f"verified {result.path}: {result.states_explored} states explored, "
        f"depth {result.depth_proven} proven in {seconds:.1f}s ({how})"
    )


def _whole(least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}, not {value}")
        return value

    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def _show_search(line: LiveLine, path: str, depth: int, states: int) -> None:
    """`verifying FILE: depth 3, 1234 states` on the live line."""
    line.show(f"verifying {path}: depth {depth}, {states} states")
