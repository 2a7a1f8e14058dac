"""`botc check FILE_OR_DIR... [--target ...]`: report every file's errors and warnings.
`botc check --explain CODE` prints what a diagnostic code means (docs/DIAGNOSTICS.md).

A folder stands for every `.bot` file under it.

Diagnostics go to stderr, followed by an `N errors, M warnings` line. Exit 0 when no file
has an error (warnings allowed), 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys

from botc.compiler.commands.bot_paths import bot_files_or_report
from botc.compiler.commands.target_option import add_target_option
from botc.compiler.compile import compile_file
from botc.compiler.console import print_diagnostics, summary
from botc.compiler.explain import explain
from botc.dsl.diagnostics import Diagnostic


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", metavar="FILE_OR_DIR", help=".bot files, or folders holding them"
    )
    parser.add_argument(
        "--explain", metavar="CODE", help="print what a diagnostic code (e.g. BOT202) means"
    )
    add_target_option(parser)


def run(args: argparse.Namespace) -> int:
    if args.explain is not None:
        return _explain(args.explain)
    if not args.files:
        sys.stderr.write("botc: error: name at least one .bot file or folder\n")
        return 2
    diagnostics: list[Diagnostic] = []
    sources: dict[str, str] = {}
    files = bot_files_or_report(args.files)
    if files is None:
        return 2
    for filename in files:
        result = compile_file(filename, target=args.target)
        diagnostics.extend(result.diagnostics)
        if result.source is not None:
            sources[filename] = result.source
    print_diagnostics(diagnostics, sources, sys.stderr)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    sys.stderr.write(summary(errors, warnings) + "\n")
    return 1 if errors else 0


def _explain(code: str) -> int:
    text = explain(code)
    if text is None:
        sys.stderr.write(f"botc: error: no diagnostic code {code!r} (they look like BOT202)\n")
        return 2
    sys.stdout.write(text + "\n")
    return 0
