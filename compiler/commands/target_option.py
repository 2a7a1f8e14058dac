"""The `--target` option shared by `botc compile` and `botc check`."""

from __future__ import annotations

import argparse

from botc.compiler.checks.context import TARGETS


def add_target_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--target",
        choices=TARGETS,
        default="custom-endpoint",
        help="the response format the bot must fit (default: custom-endpoint)",
    )
