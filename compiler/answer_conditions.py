"""Deciding an `ask` branch's condition for one known answer, without running it.

`holds(condition, answer)` is True or False when the condition is built from what can be
decided here — `answer is matching("regex")`, `answer is number`, `answer == "text"`,
`answer in [...]`, literals, `and`, `or`, `not` — and None (unknown) otherwise. It
follows runtime/templates.py: `matching` is a full match of the answer as typed.
"""

from __future__ import annotations

import functools
import math
import re

from jinja2 import nodes

from botc.compiler.template_trees import template_tree

Verdict = bool | None


@functools.lru_cache(maxsize=1 << 16)
def holds(condition: str, answer: str) -> Verdict:
    """Whether `condition` holds for `answer` (once per distinct pair: a bot's questions
    repeat their branches and quick replies)."""
    tree = template_tree("{{ " + condition + " }}")
    if tree is None or len(tree.body) != 1 or not isinstance(tree.body[0], nodes.Output):
        return None
    parts = tree.body[0].nodes
    if len(parts) != 1:
        return None
    return _truth(parts[0], answer)


def _truth(node: nodes.Node, answer: str) -> Verdict:
    if isinstance(node, nodes.And):
        left, right = _truth(node.left, answer), _truth(node.right, answer)
        if left is False or right is False:
            return False
        return True if left and right else None
    if isinstance(node, nodes.Or):
        left, right = _truth(node.left, answer), _truth(node.right, answer)
        if left or right:
            return True
        return False if left is False and right is False else None
    if isinstance(node, nodes.Not):
        inner = _truth(node.node, answer)
        return None if inner is None else not inner
    if isinstance(node, nodes.Test):
        return _test(node, answer)
    if isinstance(node, nodes.Compare) and len(node.ops) == 1:
        return _compare(node, answer)
    value = _value(node, answer)
    return None if value is _UNKNOWN else bool(value)


def _test(node: nodes.Test, answer: str) -> Verdict:
    subject = _value(node.node, answer)
    if subject is _UNKNOWN:
        return None
    if node.name == "matching" and len(node.args) == 1:
        pattern = _value(node.args[0], answer)
        if not isinstance(pattern, str) or not isinstance(subject, str):
            return None
        try:
            return re.fullmatch(pattern, subject) is not None
        except re.error:
            return None
    if node.name == "number" and not node.args and isinstance(subject, str):
        try:
            return math.isfinite(float(subject))
        except ValueError:
            return False
    return None


def _compare(node: nodes.Compare, answer: str) -> Verdict:
    left, right = _value(node.expr, answer), _value(node.ops[0].expr, answer)
    if left is _UNKNOWN or right is _UNKNOWN:
        return None
    op = node.ops[0].op
    if op == "eq":
        return bool(left == right)
    if op == "ne":
        return bool(left != right)
    if op in ("in", "notin") and isinstance(right, list | tuple | str):
        if isinstance(right, str) and not isinstance(left, str):
            return None
        found = left in right
        return found if op == "in" else not found
    return None


_UNKNOWN = object()


def _value(node: nodes.Node, answer: str) -> object:
    if isinstance(node, nodes.Name) and node.name == "answer":
        return answer
    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, nodes.List | nodes.Tuple):
        items = [_value(item, answer) for item in node.items]
        return _UNKNOWN if any(item is _UNKNOWN for item in items) else items
    if isinstance(node, nodes.Filter) and node.node is not None and not node.args:
        inner = _value(node.node, answer)
        if isinstance(inner, str) and node.name in ("lower", "upper", "trim"):
            return {"lower": inner.lower, "upper": inner.upper, "trim": inner.strip}[node.name]()
    return _UNKNOWN
