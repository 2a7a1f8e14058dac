"""`botc graph FILE [--format dot|mermaid|svg|html] [--coverage FILE] [-o OUT]`: the
dialog graph of a bot.

`dot` (the default) is Graphviz source; `mermaid` a flowchart GitHub and GitLab draw;
`svg` is drawn by Graphviz's `dot` program (a one-line error naming the package when it
is missing); `html` is one self-contained page with pan/zoom that makes no network
request, laid out in Python (no Graphviz needed), marking the steps the last
`botc test --coverage` run never reached (read from `.botc-coverage.json` next to the
bot, or `--coverage FILE`).

Exit 0 with the text on stdout (or in OUT); 1 with diagnostics when the file does
not compile; 2 when the output cannot be written or made.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from botc.compiler.build import load_bot, render_loaded
from botc.compiler.commands.bot_paths import file_problem
from botc.compiler.console import wants_colour, write_output
from botc.compiler.coverage_file import read_coverage
from botc.compiler.graph_dot import table_to_dot
from botc.compiler.graph_html import graph_to_html
from botc.compiler.graph_mermaid import graph_to_mermaid
from botc.compiler.graph_model import build_graph
from botc.compiler.graph_svg import GraphvizError, dot_to_svg

FORMATS = ("dot", "mermaid", "svg", "html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .bot file or a compiled .json table")
    parser.add_argument(
        "--format", choices=FORMATS, default="dot", help="what to write (default: dot)"
    )
    parser.add_argument(
        "--coverage",
        metavar="FILE",
        help="the coverage file to mark unreached steps from (html and mermaid; default: "
        ".botc-coverage.json next to the bot, when there is one)",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write here, not stdout")


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
        text = _EXPORTS[args.format](loaded.table, args)
    except (KeyError, TypeError, IndexError) as problem:
        sys.stderr.write(f"botc: error: {args.file} is not a botc-table/1 table ({problem})\n")
        return 2
    except GraphvizError as problem:
        sys.stderr.write(f"botc: error: {problem}\n")
        return 2
    return write_output(text, args.output)


def _mermaid(table: dict[str, Any], args: argparse.Namespace) -> str:
    known = read_coverage(args.file, table, _coverage_path(args))
    return graph_to_mermaid(build_graph(table, known.missed_steps))


def _html(table: dict[str, Any], args: argparse.Namespace) -> str:
    known = read_coverage(args.file, table, _coverage_path(args))
    title = f"{Path(args.file).name} — dialog graph"
    graph = build_graph(table, known.missed_steps)
    return graph_to_html(graph, title=title, coverage_note=known.note)


def _coverage_path(args: argparse.Namespace) -> Path | None:
    return Path(args.coverage) if args.coverage else None


_EXPORTS: dict[str, Callable[[dict[str, Any], argparse.Namespace], str]] = {
    "dot": lambda table, args: table_to_dot(table),
    "svg": lambda table, args: dot_to_svg(table_to_dot(table)),
    "mermaid": _mermaid,
    "html": _html,
}
