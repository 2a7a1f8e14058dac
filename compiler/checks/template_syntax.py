"""Templates and expressions that Jinja2 cannot parse, with the caret on the culprit."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.checks.python_calls import python_forms
from botc.compiler.jinja_syntax import expression_problem, template_problem
from botc.compiler.json_leaves import string_leaves
from botc.compiler.positions import char_span_in_expression, char_span_in_string
from botc.dsl.diagnostics import Diagnostic

_TEMPLATE_HINT = "check the `{{ ... }}` blocks: each holds one Jinja2 expression"
# `{% for %}`, `{% include %}`...: the statements a bot's template may not run.
_STATEMENT_HINT = (
    "write it with `{{ }}` and filters instead, e.g. `{{ items | join(\", \") }}` for a "
    "list's items"
)
_EXPRESSION_HINT = "write a Jinja2 expression, e.g. answer is number or answer == \"yes\""


def check_template_syntax(context: CheckContext) -> Iterator[Diagnostic]:
    """An error for each template string, JSON payload or expression Jinja2 rejects."""
    for string, _ in context.sites.strings:
        problem = template_problem(string.value)
        if problem is not None:
            yield context.error(
                "BOT301",
                char_span_in_string(string, problem.offset, problem.length),
                f"this template {problem.what}: {problem.message}",
                _hint_for(string.value, problem.offset),
            )
    for payload, _ in context.sites.payloads:
        for path, leaf in string_leaves(payload.value):
            problem = template_problem(leaf)
            if problem is not None:
                yield context.error(
                    "BOT301",
                    payload.span,
                    f"the template at {path} {problem.what}: {problem.message}",
                    _TEMPLATE_HINT,
                )
    for expression, _ in context.sites.expressions:
        found = expression_problem(expression.source)
        # Python written for Jinja2 (`||`, `=`) is worded by the python_calls check
        if found is not None and not python_forms(expression.source, expression=True):
            yield context.error(
                "BOT301",
                char_span_in_expression(expression, found.offset, found.length),
                f"this expression {found.what}: {found.message}",
                _EXPRESSION_HINT,
            )


def _hint_for(template: str, offset: int) -> str:
    """The statement hint when the culprit is a `{% ... %}` block, else the general one."""
    return _STATEMENT_HINT if template.startswith("{%", offset) else _TEMPLATE_HINT
