"""Where a template reads `secret`, and whether it reads it in the one supported way.

An integration's secret goes only where its own template writes `{{ secret.NAME }}` (or
`{{ secret["NAME"] }}`): the runtime renders that output as a slot the driver fills
(runtime/secret_slots.py). Any other use — a filter, a test, a computed name, `secret`
on its own — would work on a placeholder instead of the value, so the compiler refuses
it; the names read the supported way are the integration's declared `secrets`.
"""

from __future__ import annotations

import re

import attrs
from jinja2 import nodes

from botc.compiler.template_trees import template_tree

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@attrs.frozen
class SecretReads:
    """The secret names a template reads as `{{ secret.NAME }}`, and the number of other
    uses of `secret` in it (each one an error in an integration)."""

    names: tuple[str, ...]
    other_uses: int


def secret_reads(template: str) -> SecretReads:
    """What `template` does with `secret` (nothing, for a template Jinja2 cannot parse)."""
    if "secret" not in template:
        return SecretReads((), 0)
    tree = template_tree(template)
    if tree is None:
        return SecretReads((), 0)
    names: list[str] = []
    supported: set[int] = set()
    for output in tree.find_all(nodes.Output):
        for child in output.nodes:
            name = _slot_name(child)
            if name is not None:
                names.append(name)
                supported.add(id(child.node))  # type: ignore[attr-defined]
    uses = [
        node for node in tree.find_all(nodes.Name) if node.name == "secret" and node.ctx == "load"
    ]
    other = sum(1 for node in uses if id(node) not in supported)
    return SecretReads(tuple(dict.fromkeys(names)), other)


def _slot_name(node: nodes.Node) -> str | None:
    """NAME when `node` is `secret.NAME` or `secret["NAME"]`, else None."""
    if isinstance(node, nodes.Getattr) and _is_secret(node.node):
        return node.attr if _NAME.fullmatch(node.attr) else None
    if (
        isinstance(node, nodes.Getitem)
        and _is_secret(node.node)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
        and _NAME.fullmatch(node.arg.value)
    ):
        return node.arg.value
    return None


def _is_secret(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "secret" and node.ctx == "load"


def declared_secrets(templates: list[str]) -> list[str]:
    """The names an integration's templates read as `{{ secret.NAME }}`, sorted: its
    declared `secrets` in the table, the only ones the runtime will read."""
    return sorted({name for template in templates for name in secret_reads(template).names})
