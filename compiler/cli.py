"""The `botc` command line: one subcommand per module under `compiler/commands/`.

Only the module of the command being run is imported (and the version is read only for
`--version`): `botc check` on every save should not pay for `serve`, `graph` or `lsp`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

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


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `chosen`, only that command's options are set up (and
    only its module imported), the others are listed by name."""
    parser = argparse.ArgumentParser(prog="botc", description="The .bot language toolchain.")
    parser.add_argument("--version", action=_Version, nargs=0, help="print botc's version")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, summary in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        if chosen is not None and name != chosen:
            continue
        try:
            module = importlib.import_module(f"botc.compiler.commands.{name}")
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


class _Version(argparse.Action):
    """`--version`: the version is read from the package metadata only when asked for."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from botc.compiler.package_info import version

        sys.stdout.write(f"botc {version()}\n")
        parser.exit()


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` runs, when its first word names one."""
    words = [word for word in argv if not word.startswith("-")]
    return words[0] if words and words[0] in SUBCOMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_command_of(words)).parse_args(words)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
