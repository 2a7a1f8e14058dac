"""Warnings for branches that are never taken because an earlier branch always is.

An `otherwise` takes every answer; a second `on success` (or `on failure`) comes after
the first; once both `on success` and `on failure` are listed, one of them holds for
every result, so any branch after them is never tried. Such lines parse and compile but
can never run, which is almost always a mistake in order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from jinja2 import nodes

from botc.compiler.checks.context import CheckContext
from botc.compiler.pattern_inclusion import regex_included
from botc.compiler.template_trees import template_tree
from botc.dsl.ast import AskStep, CallStep, OtherwiseBranch, OutcomeBranch, WhenBranch
from botc.dsl.diagnostics import Diagnostic

_HINT = "branches are tried in order: move this one above, or delete it"


def check_dead_branches(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning on each `ask` or `call` branch that an earlier branch always pre-empts."""
    for _, step in context.steps.of_kinds(AskStep, CallStep):
        if isinstance(step, AskStep):
            yield from _after_otherwise(context, step.branches)
            yield from _covered_whens(context, step.branches)
        elif isinstance(step, CallStep):
            yield from _repeated_outcomes(context, step.branches)


def _after_otherwise(
    context: CheckContext, branches: tuple[WhenBranch | OtherwiseBranch, ...]
) -> Iterator[Diagnostic]:
    taker: OtherwiseBranch | None = None
    for branch in branches:
        if taker is not None:
            yield context.warning(
                "BOT404",
                branch.span,
                f"this branch is never taken: the `otherwise` at line {taker.span.line} "
                "takes every answer",
                _HINT,
            )
        elif isinstance(branch, OtherwiseBranch):
            taker = branch


def _repeated_outcomes(
    context: CheckContext, branches: tuple[OutcomeBranch | WhenBranch, ...]
) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    for branch in branches:
        if len(seen) == 2:
            yield context.warning(
                "BOT404",
                branch.span,
                "this branch is never taken: `on success` (line "
                f"{seen['success']}) and `on failure` (line {seen['failure']}) take every result",
                _HINT,
            )
            continue
        if not isinstance(branch, OutcomeBranch):
            continue
        if branch.outcome in seen:
            yield context.warning(
                "BOT404",
                branch.span,
                f"this branch is never taken: the `on {branch.outcome}` at line "
                f"{seen[branch.outcome]} is tried first",
                _HINT,
            )
        else:
            seen[branch.outcome] = branch.span.line


def _covered_whens(
    context: CheckContext, branches: tuple[WhenBranch | OtherwiseBranch, ...]
) -> Iterator[Diagnostic]:
    """A `when` whose answers all satisfy earlier `when` branches (regex inclusion)."""
    earlier: list[tuple[str, WhenBranch]] = []
    # `answer == "text"` branches are most of them: a text is taken first exactly when an
    # earlier branch takes that one text, so it is looked up rather than compared with
    # every earlier branch (a question with 5,000 of them)
    texts: dict[str, int] = {}  # each text compared, and the line of its first `when`
    patterns: list[tuple[re.Pattern[str], int]] = []
    for branch in branches:
        if not isinstance(branch, WhenBranch):
            break  # after an `otherwise` the other warning applies
        regex = answer_regex(branch.condition.source)
        if regex is None:
            continue
        text = answer_text(branch.condition.source)
        takers: list[int] = []
        if text is not None:
            first = texts.get(text)
            takers = [first] if first is not None else []
            takers = takers or [line for p, line in patterns if p.fullmatch(text)][:1]
            texts.setdefault(text, branch.span.line)
        else:
            if earlier and regex_included(regex, tuple(r for r, _ in earlier)):
                takers = [b.span.line for _, b in earlier]
            compiled = _compiled(regex)
            if compiled is not None:
                patterns.append((compiled, branch.span.line))
        if takers:
            lines = ", ".join(str(line) for line in takers)
            yield context.warning(
                "BOT404",
                branch.span,
                "this branch is never taken: every answer it takes is taken first by the "
                f"`when` at line{'s' if len(takers) > 1 else ''} {lines}",
                _HINT,
            )
        earlier.append((regex, branch))


@functools.lru_cache(maxsize=4096)
def answer_text(condition: str) -> str | None:
    """The text of a condition that is exactly `answer == "text"`; None otherwise."""
    node = _answer_node(condition)
    if (
        isinstance(node, nodes.Compare)
        and len(node.ops) == 1
        and node.ops[0].op == "eq"
        and _is_answer(node.expr)
        and isinstance(node.ops[0].expr, nodes.Const)
        and isinstance(node.ops[0].expr.value, str)
    ):
        return str(node.ops[0].expr.value)
    return None


def _compiled(regex: str) -> re.Pattern[str] | None:
    try:
        return re.compile(regex)
    except re.error:
        return None


def _answer_node(condition: str) -> nodes.Node | None:
    """The one expression node of a condition, or None."""
    tree = template_tree("{{ " + condition + " }}")
    if tree is None or len(tree.body) != 1 or not isinstance(tree.body[0], nodes.Output):
        return None
    parts = tree.body[0].nodes
    return parts[0] if len(parts) == 1 else None


@functools.lru_cache(maxsize=4096)
def answer_regex(condition: str) -> str | None:
    """The regex a condition is, when it is exactly `answer is matching("R")` or
    `answer == "text"`; None for any other condition."""
    node = _answer_node(condition)
    if (
        isinstance(node, nodes.Test)
        and node.name == "matching"
        and _is_answer(node.node)
        and len(node.args) == 1
        and isinstance(node.args[0], nodes.Const)
        and isinstance(node.args[0].value, str)
    ):
        return str(node.args[0].value)
    text = answer_text(condition)
    return None if text is None else re.escape(text)


def _is_answer(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "answer"
