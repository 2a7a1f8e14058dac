"""A warning for a `test` block with no lines: it passes without checking anything."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.dsl.ast import TestCase
from botc.dsl.diagnostics import Diagnostic


def check_empty_tests(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning on the name of each test that has no lines."""
    for declaration in context.module.declarations:
        if isinstance(declaration, TestCase) and not declaration.lines:
            yield context.warning(
                "BOT409",
                declaration.name.span,
                f"test {declaration.name.raw} has no lines, so it passes without checking anything",
                'indent its lines under it: `user "hi"`, then `bot "Hello!"`',
            )
