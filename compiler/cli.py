"""The `botc` command line: one subcommand per module under `compiler/commands/`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from compiler.package_info import version

SUBCOMMANDS: dict[str, str] = {
    "init": "start a bot project: a starter bot with tests, stubs, events and a CI job",
    "compile": "compile a .bot file to a JSON table",
    "check": "report errors and warnings in .bot files",
    "fmt": "rewrite .bot files in the canonical layout",
    "graph": "export a bot's dialog graph (dot, mermaid, svg or html)",
    "run": "run a bot on JSON events read line by line from stdin",
    "chat": "chat with a bot in the terminal",
    "test": "run the test blocks of .bot files, and explore generated conversations",
    "serve": "serve a bot as a LivePerson Custom Endpoint",
    "verify": "explore every conversation up to a depth and report what misbehaves",
    "lsp": "run the language server for editors (LSP over stdin/stdout)",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="botc", description="The .bot language toolchain.")
    parser.add_argument("--version", action="version", version=f"botc {version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, summary in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        try:
            module = importlib.import_module(f"compiler.commands.{name}")
        except ImportError as problem:  # one broken command must not take the others down
            sub.add_argument("rest", nargs=argparse.REMAINDER)
            sub.set_defaults(handler=_unavailable(name, problem))
            continue
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def _unavailable(name: str, problem: ImportError) -> Callable[[argparse.Namespace], int]:
    def report(args: argparse.Namespace) -> int:
        sys.stderr.write(f"botc: error: `botc {name}` is not available: {problem}\n")
        return 2

    return report


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
