"""The dialog graph as SVG, drawn by Graphviz's `dot` program from the dot export."""

from __future__ import annotations

import shutil
import subprocess

DOT_MISSING = (
    "--format svg needs Graphviz's `dot` program, which is not installed: "
    "install the `graphviz` package (e.g. `apt-get install graphviz`)"
)


class GraphvizError(Exception):
    """`dot` is missing or failed; the message is one line for the user."""


def dot_to_svg(dot_source: str) -> str:
    program = shutil.which("dot")
    if program is None:
        raise GraphvizError(DOT_MISSING)
    try:
        finished = subprocess.run(
            [program, "-Tsvg"],
            input=dot_source,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as problem:
        raise GraphvizError(f"Graphviz `dot` did not run: {problem}") from problem
    if finished.returncode != 0:
        reason = (finished.stderr.strip().splitlines() or ["no message"])[0]
        raise GraphvizError(f"Graphviz `dot` failed: {reason}")
    return finished.stdout
