"""What every check is given, and how a check words its findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal, TypeAlias

import attrs

from botc.compiler.flow import FlowGraph
from botc.compiler.module_steps import ModuleSteps, module_steps
from botc.compiler.symbols import Symbols
from botc.compiler.template_sites import TemplateSites, template_sites
from botc.dsl.ast import Module, Span
from botc.dsl.diagnostics import Diagnostic, Replacement

CompileTarget: TypeAlias = Literal["custom-endpoint", "functions"]
TARGETS: tuple[CompileTarget, ...] = ("custom-endpoint", "functions")


@attrs.frozen
class CheckContext:
    """The module under check with its resolved names and flow graph.

    `base_dir` is where relative paths (`card file "x.json"`) are read from; `target` is
    the response format the bot is compiled for. `steps` and `sites` are worked out once
    per compile (from `module` unless given) and shared by every check.
    """

    module: Module
    symbols: Symbols
    flow: FlowGraph
    base_dir: Path
    target: CompileTarget
    steps: ModuleSteps = attrs.field(
        default=attrs.Factory(lambda self: module_steps(self.module), takes_self=True)
    )
    """What each step holds (`steps.parts(step)`)."""
    sites: TemplateSites = attrs.field(
        default=attrs.Factory(lambda self: template_sites(self.module, self.steps), takes_self=True)
    )
    """Every template string, payload and expression of the module."""

    def error(
        self,
        code: str,
        span: Span,
        message: str,
        hint: str | None = None,
        fix: str | None = None,
    ) -> Diagnostic:
        """An error with its code (a key of `dsl.diagnostic_codes.CODES`); `fix`: the text
        the hint says to write in place of `span`, if it names one."""
        return Diagnostic(
            "error", message, span, self.module.filename, hint, code, _at(span, fix)
        )

    def warning(
        self,
        code: str,
        span: Span,
        message: str,
        hint: str | None = None,
        fix: str | None = None,
    ) -> Diagnostic:
        """A warning with its code (a key of `dsl.diagnostic_codes.CODES`)."""
        return Diagnostic(
            "warning", message, span, self.module.filename, hint, code, _at(span, fix)
        )


def _at(span: Span, fix: str | None) -> Replacement | None:
    return None if fix is None else Replacement(span, fix)


Check: TypeAlias = Callable[[CheckContext], Iterable[Diagnostic]]
