"""At most one dialog per event trigger: `on start`, `on fallback`, `on rich content`,
`on signal` (LANGUAGE.md 4)."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.dsl.ast import OnEvent
from botc.dsl.diagnostics import Diagnostic


def check_event_triggers(context: CheckContext) -> Iterator[Diagnostic]:
    """An error for each dialog after the first that uses the same `on ...` trigger."""
    first: dict[str, tuple[str, int]] = {}
    for dialog in context.steps.dialogs:
        for trigger in dialog.triggers:
            if not isinstance(trigger, OnEvent):
                continue
            if trigger.event in first:
                owner, line = first[trigger.event]
                if owner == dialog.name.value:
                    message = f"`on {trigger.event}` is written twice in this dialog"
                else:
                    message = (f"`on {trigger.event}` is already the trigger of dialog "
                               f"`{owner}` (line {line})")
                yield context.error(
                    "BOT206",
                    trigger.span, message,
                    f"only one dialog may start on `on {trigger.event}`; remove one",
                )
            else:
                first[trigger.event] = (dialog.name.value, trigger.span.line)
