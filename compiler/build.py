"""Loading a bot for the commands that run one (`run`, `chat`, `test`, `serve`).

`load_bot(path)`: a `.bot` file is compiled; a `.json` file is read as a table. Either way
the caller gets a `LoadedBot` with the table, or diagnostics to print (`render_loaded`)
before exiting with code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs

from botc.compiler.checks.context import CompileTarget
from botc.compiler.compile import compile_file
from botc.dsl.ast import Span
from botc.dsl.diagnostics import Diagnostic, render_all


@attrs.frozen
class LoadedBot:
    """`table` is None when loading failed; `diagnostics` then say why (warnings of a
    compiled `.bot` are kept too). `source` is the text read, for rendering."""

    path: str
    table: dict[str, Any] | None
    diagnostics: tuple[Diagnostic, ...]
    source: str | None

    @property
    def ok(self) -> bool:
        return self.table is not None


def load_bot(path: Path | str, *, target: CompileTarget = "custom-endpoint") -> LoadedBot:
    """Compile a `.bot` file, or read a `.json` table (any other suffix is compiled)."""
    filename = str(path)
    if Path(filename).suffix.lower() == ".json":
        return _read_table(filename)
    result = compile_file(filename, target=target)
    return LoadedBot(filename, result.table, result.diagnostics, result.source)


def render_loaded(loaded: LoadedBot, *, colour: bool = False) -> str:
    """The diagnostics of a load, rendered with their source lines."""
    sources = {loaded.path: loaded.source} if loaded.source is not None else {}
    return render_all(loaded.diagnostics, sources, colour=colour)


def _read_table(filename: str) -> LoadedBot:
    try:
        text = Path(filename).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        reason = "no such file" if isinstance(problem, FileNotFoundError) else str(problem)
        return _failed(filename, None, Span(1, 1, 1, 1), f"cannot read the table: {reason}")
    try:
        table = json.loads(text)
    except json.JSONDecodeError as problem:
        span = Span(problem.lineno, problem.colno, problem.lineno, problem.colno + 1)
        return _failed(filename, text, span, f"the table is not JSON: {problem.msg}")
    if not isinstance(table, dict):
        return _failed(filename, text, Span(1, 1, 1, 2), "a table is a JSON object")
    return LoadedBot(filename, table, (), text)


def _failed(filename: str, text: str | None, span: Span, message: str) -> LoadedBot:
    hint = "give a .bot file, or a .json table written by `botc compile`"
    diagnostic = Diagnostic("error", message, span, filename, hint, "BOT003")
    return LoadedBot(filename, None, (diagnostic,), text)
