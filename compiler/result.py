"""What compiling gives back: the table (when there are no errors) and every diagnostic."""

from __future__ import annotations

from typing import Any

import attrs

from botc.dsl.ast import Module
from botc.dsl.diagnostics import Diagnostic


@attrs.frozen
class CompileResult:
    """`table` is None when any diagnostic is an error; `diagnostics` are sorted.

    `source` is the text that was compiled (None when it could not be read), so that a
    caller can render the diagnostics with their source lines; `module` is its syntax
    tree when it parsed (the language server navigates it).
    """

    table: dict[str, Any] | None
    diagnostics: tuple[Diagnostic, ...]
    source: str | None = None
    module: Module | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")

    @property
    def ok(self) -> bool:
        return self.table is not None
