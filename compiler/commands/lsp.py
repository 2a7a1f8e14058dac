"""`botc lsp`: the language server, speaking the Language Server Protocol on stdin and
stdout until the editor shuts it down (see `compiler.language_server`)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stdio", action="store_true", help="talk over stdin/stdout (the default and only way)"
    )


def run(args: argparse.Namespace) -> int:
    # pygls loads only for this command
    from botc.compiler.language_server.server import server
    from botc.compiler.language_server.stdio import serve_stdio

    serve_stdio(server)
    return 0
