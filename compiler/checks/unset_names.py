"""Warnings for names a template or expression reads that nothing in the file ever sets.

Templates run with strict undefined names (runtime/templates.py): reading a name that
no `ask`, `set` or integration gives a value makes the step send the default response
at run time. A misspelled field (`{{ acount }}`) is the usual cause, so the warning
names the closest field that does exist.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.checks.python_calls import PYTHON_FUNCTIONS
from botc.compiler.jinja_syntax import expression_problem, template_problem
from botc.compiler.json_leaves import string_leaves
from botc.compiler.module_steps import ModuleSteps
from botc.compiler.positions import char_span_in_expression, char_span_in_string
from botc.compiler.template_trees import names_read
from botc.dsl.ast import Span
from botc.dsl.diagnostics import Diagnostic

# What every template sees besides the fields (LANGUAGE.md 6, runtime/turn.py `scope`):
# the built-in names, the branch-only `answer` and `response`, and Jinja2's globals.
BUILT_IN_NAMES = frozenset(
    {"star", "user", "event", "context", "botContext", "secret", "answer", "response"}
    | {"range", "dict", "namespace"}
)


def check_unset_names(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning at each read of a name that no `ask`, `set` or integration sets."""
    known = set_names(context.steps) | BUILT_IN_NAMES
    for string, _ in context.sites.strings:
        if "{" in string.value and template_problem(string.value) is None:  # `{`: it reads
            for name, offset in unset_reads(string.value, known):
                yield _report(context, char_span_in_string(string, offset, len(name)), name, known)
    for payload, _ in context.sites.payloads:
        for _, leaf in string_leaves(payload.value):
            if template_problem(leaf) is None:
                for name, _ in unset_reads(leaf, known):
                    yield _report(context, payload.span, name, known)
    for expression, _ in context.sites.expressions:
        if expression_problem(expression.source) is None:
            for name, offset in unset_reads("{{" + expression.source + "}}", known):
                span = char_span_in_expression(expression, max(offset - 2, 0), len(name))
                yield _report(context, span, name, known)


def set_names(steps: ModuleSteps) -> frozenset[str]:
    """The fields the module gives a value: `ask` and `set` fields, integration names."""
    names = {integration.name.value for integration in steps.module.integrations}
    for parts in steps.by_id.values():  # every step's parts (their order does not matter)
        if parts.field_set is not None:
            names.add(parts.field_set.value)
    return frozenset(names)


def unset_reads(template: str, known: set[str] | frozenset[str]) -> list[tuple[str, int]]:
    """(name, offset of its first read) for each name the template reads but `known` lacks."""
    if "{" not in template:
        return []
    found = []
    for name in sorted(names_read(template) - known):  # none for a text that does not parse
        if _guarded(template, name) or _python_call(template, name):
            continue
        at = re.search(r"(?<![\w.])" + re.escape(name) + r"\b", template)
        found.append((name, at.start() if at else 0))
    return sorted(found, key=lambda item: item[1])


def _python_call(template: str, name: str) -> bool:
    """True for `len(...)` and the like: the python_calls check words those."""
    return name in PYTHON_FUNCTIONS and re.search(
        r"(?<![\w.])" + re.escape(name) + r"\s*\(", template
    ) is not None


def _guarded(template: str, name: str) -> bool:
    """True when the template allows for the name being unset (`| default`, `is defined`)."""
    word = r"(?<![\w.])" + re.escape(name) + r"\b"
    guard = word + r"(?:\s*\|\s*(?:default|d)\b|\s+is\s+(?:not\s+)?(?:defined|undefined)\b)"
    return re.search(guard, template) is not None


# Parts of an integration's answer, read without `response.` (`store x = body.name`).
_ANSWER_PARTS = ("body", "headers")


def _report(
    context: CheckContext, span: Span, name: str, known: set[str] | frozenset[str]
) -> Diagnostic:
    on_name = span.end_line == span.line and span.end_column - span.column == len(name)
    if name in _ANSWER_PARTS and name not in known:
        return context.warning(
            "BOT205",
            span,
            f"`{name}` is never set in this file, so this fails at run time "
            "(the consumer gets the default response)",
            f"an integration's answer is `response` in its `store` lines: write "
            f"`response.{name}`",
            f"response.{name}" if on_name else None,
        )
    close = difflib.get_close_matches(name, sorted(known - BUILT_IN_NAMES), n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    hint += f'give it a value first (`ask {name} "..."` or `set {name} = ...`)'
    return context.warning(
        "BOT205",
        span,
        f"`{name}` is never set in this file, so this fails at run time "
        "(the consumer gets the default response)",
        hint,
        close[0] if close and on_name else None,
    )
