"""Warnings for a bot that would say nothing: a file with no dialog, a dialog with no step.

Both parse and compile, so a newcomer who forgot the steps (or wrote a file with only
a `bot` block) would otherwise meet a bot that silently ignores every message.
"""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.dsl.ast import Span
from botc.dsl.diagnostics import Diagnostic


def check_silent_bots(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning for a module declaring nothing but (at most) its `bot` block, and one for
    each dialog with no step."""
    dialogs = context.steps.dialogs
    # A file of integrations alone may be a fragment under test; one with nothing more
    # than a `bot` block (or nothing at all) is a bot that can never answer.
    if all(declaration is context.module.bot for declaration in context.module.declarations):
        yield context.warning(
            "BOT407",
            Span(1, 1, 1, 1),
            "this file declares no dialog, so the bot never answers anything",
            'add one, e.g. `dialog greeting` with `on start` and `say "Hi!"` indented under it',
        )
    for dialog in dialogs:
        if not dialog.steps:
            yield context.warning(
                "BOT408",
                dialog.name.span,
                f"dialog `{dialog.name.value}` has no steps, so it answers nothing when it starts",
                'add its steps under its triggers, e.g. `say "..."`',
            )
