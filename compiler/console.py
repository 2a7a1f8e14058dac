"""How the commands show diagnostics on a terminal: colour only for a real terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from botc.dsl.diagnostics import Diagnostic, render_all


def wants_colour(stream: TextIO) -> bool:
    """True when `stream` is a terminal and `NO_COLOR` is not set (no-color.org)."""
    if "NO_COLOR" in os.environ:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def print_diagnostics(
    diagnostics: Iterable[Diagnostic], sources: dict[str, str], stream: TextIO
) -> None:
    """Render the diagnostics (sorted, with source lines and carets) onto `stream`."""
    text = render_all(diagnostics, sources, colour=wants_colour(stream))
    if text:
        stream.write(text + "\n")


def summary(errors: int, warnings: int) -> str:
    """`2 errors, 1 warning`."""
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def write_output(text: str, output: str | None) -> int:
    """Write a command's result to the file `output`, or stdout when None; the exit code
    (2, with a one-line error, when the file cannot be written)."""
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as problem:
        sys.stderr.write(f"botc: error: cannot write {output}: {problem.strerror}\n")
        return 2
    return 0
