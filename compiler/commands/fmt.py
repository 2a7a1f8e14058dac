"""`botc fmt FILE_OR_DIR... [--check]`: rewrite `.bot` files in the canonical layout.

A folder stands for every `.bot` file under it.

Without `--check`, every file whose text is not canonical is rewritten in place and named
on stdout (`reformatted FILE`). With `--check` nothing is written: the files that would
change are named (`would reformat FILE`) and the exit code is 1 if there is any. A file
that cannot be read or does not parse gets its diagnostics on stderr and exit code 2;
the other files are still handled.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from botc.compiler.commands.bot_paths import expand_bot_paths
from botc.compiler.console import print_diagnostics
from botc.dsl import BotSyntaxError, format_module, parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE_OR_DIR", help=".bot files, or folders holding them"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list the files that would change and exit 1 if there are any",
    )


def run(args: argparse.Namespace) -> int:
    files, missing = expand_bot_paths(args.files)
    for name in missing:
        sys.stderr.write(f"botc: error: cannot read {name}: no such file or folder\n")
    broken = bool(missing)
    changed = []
    for filename in files:
        path = Path(filename)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            sys.stderr.write(f"botc: error: cannot read {filename}: {_reason(error)}\n")
            broken = True
            continue
        try:
            canonical = format_module(parse(source, filename))
        except BotSyntaxError as error:
            print_diagnostics(error.diagnostics, {filename: source}, sys.stderr)
            broken = True
            continue
        if canonical == source:
            continue
        changed.append(filename)
        if args.check:
            sys.stdout.write(f"would reformat {filename}\n")
            continue
        try:
            path.write_text(canonical, encoding="utf-8")
        except OSError as error:
            sys.stderr.write(f"botc: error: cannot write {filename}: {_reason(error)}\n")
            broken = True
            continue
        sys.stdout.write(f"reformatted {filename}\n")
    if broken:
        return 2
    return 1 if args.check and changed else 0


def _reason(error: OSError | UnicodeDecodeError) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return f"not UTF-8 text (byte {error.start})"
