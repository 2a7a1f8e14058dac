"""What the templates and expressions of one step read, for the flow analyses: the
integration fields (`Balance.amount`) and the captures (`star[1]`).

Each step's texts are parsed with the shared, cached Jinja2 parser (compiler.template_trees);
a text that does not parse reads nothing here (the syntax check reports it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from jinja2 import nodes

from botc.compiler.json_leaves import string_leaves
from botc.compiler.step_kinds import StepParts
from botc.compiler.template_trees import CACHED_TREES, template_tree
from botc.dsl.ast import AskStep, CallStep, SetStep, Step, WhenBranch


def step_texts(step: Step, parts: StepParts) -> Iterator[str]:
    """Every template of the step (`parts`: what it holds), and its `set` expression as a
    `{{ ... }}` template (`branch_texts` gives its conditions)."""
    for string in parts.templates:
        yield string.value
    for payload in parts.payloads:
        for _, leaf in string_leaves(payload.value):
            yield leaf
    if isinstance(step, SetStep):
        yield "{{ " + step.expression.source + " }}"


def branch_texts(step: Step) -> Iterator[tuple[WhenBranch, str]]:
    """The `when` conditions of an `ask` or `call`, each as a `{{ ... }}` template."""
    if isinstance(step, AskStep | CallStep):
        for branch in step.branches:
            if isinstance(branch, WhenBranch):
                yield branch, "{{ " + branch.condition.source + " }}"


@functools.lru_cache(maxsize=CACHED_TREES)
def field_reads(text: str) -> frozenset[tuple[str, str]]:
    """(NAME, field) for each `NAME.field` the template reads, unguarded: a read under
    `| default(...)` or tested with `is defined` allows for the field being unset. Worked
    out once per distinct text."""
    if "{" not in text:
        return frozenset()
    tree = template_tree(text)
    if tree is None:
        return frozenset()
    guarded: set[int] = set()
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        if node.name in ("default", "d", "defined", "undefined") and node.node is not None:
            guarded.update(id(inner) for inner in node.node.find_all(nodes.Getattr))
            guarded.add(id(node.node))
    found = set()
    for read in tree.find_all(nodes.Getattr):
        if isinstance(read.node, nodes.Name) and id(read) not in guarded:
            found.add((read.node.name, read.attr))
    return frozenset(found)


@functools.lru_cache(maxsize=CACHED_TREES)
def star_reads(text: str) -> frozenset[int]:
    """The indexes `i` of every `star[i]` the template reads with a literal index (once
    per distinct text)."""
    if "star" not in text:
        return frozenset()
    tree = template_tree(text)
    if tree is None:
        return frozenset()
    found = set()
    for node in tree.find_all(nodes.Getitem):
        if (
            isinstance(node.node, nodes.Name)
            and node.node.name == "star"
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, int)
            and not isinstance(node.arg.value, bool)
        ):
            found.add(node.arg.value)
    return frozenset(found)
