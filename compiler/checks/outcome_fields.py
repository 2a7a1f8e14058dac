"""`store status = ...` / `store ok = ...` (an error): a call's outcome writes `NAME.ok`
and `NAME.status` after the stores, so such a field would silently hold the HTTP status
or the success flag instead of what the author stored (docs/SECURITY.md, "Reserved names")."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.dsl.diagnostics import Diagnostic
from botc.runtime.defaults import OUTCOME_FIELDS

_MEANS = {"ok": "whether the call succeeded", "status": "the HTTP status of the reply"}


def check_outcome_field_names(context: CheckContext) -> Iterator[Diagnostic]:
    """An error for each `store` whose field is one of the outcome's own fields."""
    for integration in context.module.integrations:
        for store in integration.stores:
            field = store.field.value
            if field not in OUTCOME_FIELDS:
                continue
            name = integration.name.value
            yield context.error(
                "BOT208",
                store.field.span,
                f"`{field}` is a reserved field name: `{name}.{field}` is {_MEANS[field]}",
                f"store it under another name, e.g. `store {name.lower()}_{field} = "
                f"{store.expression.source}`",
            )
