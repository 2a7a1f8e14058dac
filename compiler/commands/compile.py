"""`botc compile FILE.bot [-o OUT.json] [--target ...]`: write the table as JSON.

Exit 0 with the table on stdout (or in OUT); exit 1 with the diagnostics on stderr when
the file does not compile; exit 2 when the output cannot be written.
"""

from __future__ import annotations

import argparse
import json
import sys

from botc.compiler.commands.bot_paths import file_problem
from botc.compiler.commands.target_option import add_target_option
from botc.compiler.compile import compile_file
from botc.compiler.console import print_diagnostics, write_output


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.bot", help="the .bot file to compile")
    parser.add_argument("-o", "--output", metavar="OUT.json", help="write here, not stdout")
    add_target_option(parser)


def run(args: argparse.Namespace) -> int:
    problem = file_problem(args.file)
    if problem is not None:
        sys.stderr.write(f"botc: error: {problem}\n")
        return 2
    result = compile_file(args.file, target=args.target)
    sources = {args.file: result.source} if result.source is not None else {}
    print_diagnostics(result.diagnostics, sources, sys.stderr)
    if result.table is None:
        return 1
    text = json.dumps(result.table, indent=2, ensure_ascii=False) + "\n"
    return write_output(text, args.output)
