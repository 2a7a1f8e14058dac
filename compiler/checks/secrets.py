"""`secret.NAME` read outside an integration (a warning): secrets never reach a consumer,
an agent or a log (LANGUAGE.md 3.2 and 6), so there `secret` is an undefined name and the
step sends the default response at run time."""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import nodes

from botc.compiler.checks.context import CheckContext
from botc.compiler.json_leaves import string_leaves
from botc.compiler.template_trees import template_tree
from botc.dsl.diagnostics import Diagnostic

_MESSAGE = "`secret` is only defined in integrations; this step will fail at run time"
_HINT = "read secrets only in an integration's url, headers or body"


def check_secret_use(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning for each template or expression outside integrations that reads `secret`."""
    for string, in_integration in context.sites.strings:
        if not in_integration and _reads_secret(string.value):
            yield context.warning("BOT601", string.span, _MESSAGE, _HINT)
    for payload, in_integration in context.sites.payloads:
        if not in_integration and any(
            _reads_secret(leaf) for _, leaf in string_leaves(payload.value)
        ):
            yield context.warning("BOT601", payload.span, _MESSAGE, _HINT)
    for expression, in_integration in context.sites.expressions:
        if not in_integration and _reads_secret("{{" + expression.source + "}}"):
            yield context.warning("BOT601", expression.span, _MESSAGE, _HINT)


def _reads_secret(template: str) -> bool:
    """True when the template names `secret` (unparsable templates are reported elsewhere)."""
    if "secret" not in template:
        return False
    tree = template_tree(template)  # None: unparsable or too deep, reported elsewhere
    if tree is None:
        return False
    return any(name.name == "secret" for name in tree.find_all(nodes.Name))
