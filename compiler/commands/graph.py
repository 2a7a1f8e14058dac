"""`botc graph FILE [-o OUT.dot]`: the dialog graph of a bot, as Graphviz dot.

Exit 0 with the dot text on stdout (or in OUT); 1 with diagnostics when the file does
not compile; 2 when the output cannot be written.
"""

from __future__ import annotations

import argparse
import sys

from compiler.build import load_bot, render_loaded
from compiler.commands.bot_paths import file_problem
from compiler.console import wants_colour, write_output
from compiler.graph_dot import table_to_dot


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .bot file or a compiled .json table")
    parser.add_argument("-o", "--output", metavar="OUT.dot", help="write here, not stdout")


def run(args: argparse.Namespace) -> int:
    problem = file_problem(args.file)
    if problem is not None:
        sys.stderr.write(f"botc: error: {problem}\n")
        return 2
    loaded = load_bot(args.file)
    if loaded.diagnostics:
        sys.stderr.write(render_loaded(loaded, colour=wants_colour(sys.stderr)) + "\n")
    if loaded.table is None:
        return 1
    try:
        text = table_to_dot(loaded.table)
    except (KeyError, TypeError, IndexError) as problem:
        sys.stderr.write(f"botc: error: {args.file} is not a botc-table/1 table ({problem})\n")
        return 2
    return write_output(text, args.output)
