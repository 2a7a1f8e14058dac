"""`secret` in an integration used other than as `{{ secret.NAME }}` (an error).

A secret is put into the request only where the integration's own template writes
`{{ secret.NAME }}` (compiler/secret_reads.py); a filter, a test or a computed name would
work on a placeholder, never the value, and a `store` expression has no `secret` at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.json_leaves import string_leaves
from botc.compiler.secret_reads import secret_reads
from botc.compiler.templates import translate_template
from botc.dsl.diagnostics import Diagnostic

_MESSAGE = "a secret can only be sent as it is, written `{{ secret.NAME }}`"
_HINT = (
    "write `{{ secret.NAME }}` on its own in the url, a header or the body; the value is "
    "put in by the driver, so an expression never sees it"
)
_STORE_MESSAGE = "`secret` is not defined in a `store` expression"
_STORE_HINT = "secrets go only into the request: its url, headers or body"


def check_secret_slots(context: CheckContext) -> Iterator[Diagnostic]:
    """An error for each integration template that uses `secret` another way, and for
    each `store` expression that reads it."""
    for integration in context.module.integrations:
        for string in (integration.url, *(header.value for header in integration.headers)):
            if secret_reads(translate_template(string.value)).other_uses:
                yield context.error("BOT604", string.span, _MESSAGE, _HINT)
        if integration.body is not None and any(
            secret_reads(translate_template(leaf)).other_uses
            for _, leaf in string_leaves(integration.body.value)
        ):
            yield context.error("BOT604", integration.body.span, _MESSAGE, _HINT)
        for store in integration.stores:
            reads = secret_reads("{{" + store.expression.source + "}}")
            if reads.names or reads.other_uses:
                yield context.error("BOT604", store.expression.span, _STORE_MESSAGE, _STORE_HINT)
