"""A `when` on a call's stored fields that a failed call reaches before its `on failure`.

A call's branches are tried in order (LANGUAGE.md 5.3). When the call fails, its `store`
fields have no value, so a `when` that reads one fails as an expression and the consumer
gets the default response instead of the `on failure` branch written below it. The
warning is at the `when`, with the fix: put `on failure` first, or guard with `NAME.ok`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.positions import char_span_in_expression
from botc.dsl.ast import CallStep, OutcomeBranch, WhenBranch
from botc.dsl.diagnostics import Diagnostic

_OUTCOME = frozenset({"ok", "status"})


def check_call_branch_order(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning for each `when` reading a stored field before any `on failure` branch."""
    stored = {  # `ok` and `status` always have a value: the runtime sets them on failure too
        integration.name.value: {store.field.value for store in integration.stores} - _OUTCOME
        for integration in context.module.integrations
    }
    for _, step in context.steps.of_kind(CallStep):
        yield from _early_reads(context, step, stored.get(step.integration.value, set()))


def _early_reads(context: CheckContext, step: CallStep, fields: set[str]) -> Iterator[Diagnostic]:
    name = step.integration.value
    guard = re.compile(rf"(?<![\w.]){re.escape(name)}\.ok\b")
    for branch in step.branches:
        if isinstance(branch, OutcomeBranch) and branch.outcome == "failure":
            return
        if not isinstance(branch, WhenBranch) or guard.search(branch.condition.source):
            continue
        for field in sorted(fields):
            read = re.search(rf"(?<![\w.]){re.escape(name)}\.{re.escape(field)}\b",
                             branch.condition.source)
            if read is None or _defaulted(branch.condition.source, read.end()):
                continue
            yield context.warning(
                "BOT422",
                char_span_in_expression(branch.condition, read.start(), read.end() - read.start()),
                f"a failed call of {name} leaves `{name}.{field}` without a value, so this "
                "`when` fails before `on failure` is tried (the consumer gets the default "
                "response)",
                f"put `on failure -> ...` above it, or write `{name}.ok and ...`",
            )
            break


def _defaulted(source: str, end: int) -> bool:
    """True when the read at `end` is followed by `| default` or `is defined`."""
    rest = source[end:]
    return re.match(r"\s*(\|\s*(default|d)\b|is\s+defined\b)", rest) is not None
