"""Comparisons of an `ask`'s answer with a number (issue 10): the answer is always text,
so `answer == 1` is always false (and `!=` always true), and `answer > 5` raises at run
time (text and number do not order), sending the default response."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from jinja2 import nodes

from botc.compiler.checks.context import CheckContext
from botc.compiler.template_trees import template_tree
from botc.dsl.ast import AskStep, Step, WhenBranch
from botc.dsl.diagnostics import Diagnostic

_EQUALITY = {"eq": "always false", "ne": "always true"}
_ORDER = {"lt", "lteq", "gt", "gteq"}


def check_answer_comparisons(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning at each `when` branch comparing `answer` itself with a number."""
    for _, step in context.steps.of_kind(AskStep):
        for branch in _answer_branches(step):
            problem = comparison_problem(branch.condition.source)
            if problem is not None:
                yield context.warning(
                    "BOT410",
                    branch.span,
                    f"the answer is a text, so this comparison with a number is {problem}",
                    "compare with a quoted text (`answer == \"1\"`), or convert first "
                    "(`answer is number and answer | float > 5`)",
                )


def _answer_branches(step: Step) -> list[WhenBranch]:
    """The step-kind dispatch: only an `ask`'s `when` branches bind `answer`."""
    if isinstance(step, AskStep):
        return [branch for branch in step.branches if isinstance(branch, WhenBranch)]
    return []


@functools.lru_cache(maxsize=1 << 16)
def comparison_problem(condition: str) -> str | None:
    """How `answer <op> NUMBER` (either side) misbehaves in the condition, or None (once
    per distinct condition)."""
    tree = template_tree("{{ " + condition + " }}")
    if tree is None:
        return None
    for compare in tree.find_all(nodes.Compare):
        left = compare.expr
        for operand in compare.ops:
            right = operand.expr
            if (_is_answer(left) and _is_number(right)) or (_is_number(left) and _is_answer(right)):
                if operand.op in _EQUALITY:
                    return _EQUALITY[operand.op]
                if operand.op in _ORDER:
                    return "an error at run time (the consumer gets the default response)"
            left = right
    return None


def _is_answer(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "answer"


def _is_number(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Neg | nodes.Pos):
        return _is_number(node.node)
    return (
        isinstance(node, nodes.Const)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    )
