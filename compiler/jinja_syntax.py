"""Where a Jinja2 template or expression stops parsing, down to the character.

Jinja2's `TemplateSyntaxError` gives only a line, so the culprit is found by parsing
growing prefixes of the failing `{{ ... }}` block: the first prefix that fails for a
reason other than ending too soon ends at the offending character.
"""

from __future__ import annotations

import functools
import re

import attrs
from jinja2 import Environment, TemplateSyntaxError, nodes

from botc.compiler.template_trees import CACHED_TREES, template_tree
from botc.runtime.regex_dialect import regex_problem
from botc.runtime.template_limits import constant_problem
from botc.runtime.template_shape import TemplateShapeError, parse_expression, parse_template

_ENVIRONMENT = Environment()
_OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = re.compile(r"\{\{|\{%|\{#")
_LEXER_POSITION = re.compile(r" at (\d+)$")
_GOT_TOKEN = re.compile(r"got '([^']+)'")
# Statements that repeat work, which the runtime refuses when it loads a table
# (runtime/templates.py): a bot's template could otherwise keep a turn from finishing.
_REPEATING = {nodes.For: "for", nodes.Macro: "macro", nodes.CallBlock: "call"}
_STATEMENT = re.compile(r"\{%-?\s*(for|macro|call)\b")
# Messages Jinja2 gives when the text merely stops too early.
_INCOMPLETE = re.compile(r"(got|unexpected) 'end of|unexpected '\}'|expected '\)'|expected ']'")


@attrs.frozen
class TemplateProblem:
    """Jinja2's message and the offset of the offending character in the text given."""

    message: str
    offset: int
    length: int = 1
    # "cannot be parsed", or "cannot be run" for what parses but the runtime refuses
    what: str = "cannot be parsed"


# Jinja2's parser recurses once per nesting level: a deep enough text exhausts the stack.
_TOO_DEEP = "it is nested too deeply for Jinja2 to parse; split it into simpler parts"


@functools.lru_cache(maxsize=CACHED_TREES)
def template_problem(template: str) -> TemplateProblem | None:
    """None when Jinja2 can parse the template, else what is wrong and where."""
    try:
        return _template_problem(template)
    except RecursionError:
        opener = _OPENER.search(template)
        return TemplateProblem(_TOO_DEEP, opener.start() if opener else 0)


def _template_problem(template: str) -> TemplateProblem | None:
    if _OPENER.search(template) is None:  # plain text is one data token: nothing to parse
        return None
    parsed = template_tree(template)  # shared with the other template checks
    if parsed is not None:
        return _repeating_statement(template, parsed) or _runnable_problem(parsed, template)
    try:
        tree = parse_template(_ENVIRONMENT, template)
    except TemplateShapeError as error:
        return _shape_problem(error, template)
    except TemplateSyntaxError as error:
        whole = error
    else:
        return _repeating_statement(template, tree) or _runnable_problem(tree, template)
    for match in _OPENER.finditer(template):
        opener = match.group()
        end = template.find(_OPENERS[opener], match.end())
        if end < 0:
            return TemplateProblem(f"`{opener}` is never closed", match.start())
        if opener == "{{":
            inner = template[match.end() : end]
            problem = expression_problem(inner)
            if problem is not None:
                return attrs.evolve(problem, offset=match.end() + problem.offset)
    return TemplateProblem(whole.message or str(whole), _lexer_offset(whole, 0) or 0)


@functools.lru_cache(maxsize=CACHED_TREES)
def expression_problem(expression: str) -> TemplateProblem | None:
    """None when the text parses as one Jinja2 expression, else what is wrong and where."""
    try:
        return _expression_problem(expression)
    except RecursionError:
        return TemplateProblem(_TOO_DEEP, 0)


def _expression_problem(expression: str) -> TemplateProblem | None:
    try:
        tree = parse_expression(_ENVIRONMENT, expression)
    except TemplateShapeError as error:
        return _shape_problem(error, expression)
    except TemplateSyntaxError as error:
        return _located(error, expression)
    return _runnable_problem(tree, expression)


def _located(error: TemplateSyntaxError, expression: str) -> TemplateProblem:
    message = error.message or str(error)
    lexed_at = _lexer_offset(error, 0)
    if lexed_at is not None:
        return TemplateProblem(message, lexed_at)
    for length in range(1, len(expression) + 1):
        prefix_error = _parse_expression(expression[:length])
        if prefix_error is None:
            continue
        if not _INCOMPLETE.search(prefix_error.message or ""):
            return _with_token_length(TemplateProblem(message, length - 1), expression)
    return TemplateProblem(message, max(len(expression.rstrip()) - 1, 0))


def _shape_problem(error: TemplateSyntaxError, text: str) -> TemplateProblem:
    """A text past the runtime's shape limits: the caret on the block of its line."""
    line_start = 0
    for _ in range((error.lineno or 1) - 1):
        line_start = text.find("\n", line_start) + 1
    opener = _OPENER.search(text, line_start)
    return TemplateProblem(
        error.message or str(error), opener.start() if opener else 0, what="cannot be run"
    )


def _runnable_problem(tree: nodes.Node, text: str) -> TemplateProblem | None:
    """What parses but the runtime would refuse when it loads the table: a literal part
    over the template budget, or a `matching(...)` regex RE2 cannot run."""
    over = constant_problem(tree)
    if over is not None:
        return TemplateProblem(
            f"{over} (it is written here)", _opener_at(text), what="cannot be run"
        )
    for test in [tree, *tree.find_all(nodes.Test)]:
        if not isinstance(test, nodes.Test) or test.name != "matching" or not test.args:
            continue
        argument = test.args[0]
        if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
            problem = regex_problem(argument.value)
            if problem is not None:
                at = text.find("matching")
                return TemplateProblem(
                    f"matching(...): {problem.message}",
                    max(at, 0),
                    len("matching") if at >= 0 else 1,
                    what="cannot be run",
                )
    return None


def _opener_at(text: str) -> int:
    opener = _OPENER.search(text)
    return opener.start() if opener else 0


def _repeating_statement(template: str, tree: nodes.Template) -> TemplateProblem | None:
    for node in tree.find_all(tuple(_REPEATING)):
        word = _REPEATING[type(node)]
        found = next((m for m in _STATEMENT.finditer(template) if m.group(1) == word), None)
        return TemplateProblem(
            f"`{{% {word} %}}` is not allowed in a bot's template (it could run for ever)",
            found.start() if found else 0,
            len(found.group()) if found else 1,
        )
    return None


def _with_token_length(problem: TemplateProblem, expression: str) -> TemplateProblem:
    """Widen the caret to the whole token Jinja2 names in "got 'token'"."""
    found = _GOT_TOKEN.search(problem.message)
    if found and expression.startswith(found.group(1), problem.offset):
        return attrs.evolve(problem, length=len(found.group(1)))
    return problem


def _parse_expression(expression: str) -> TemplateSyntaxError | None:
    if template_tree("{{" + expression + "}}") is not None:  # parsed once, for every check
        return None
    try:
        parse_expression(_ENVIRONMENT, expression)
    except TemplateSyntaxError as error:
        return error
    return None


def _lexer_offset(error: TemplateSyntaxError, shift: int) -> int | None:
    """The character offset Jinja2's lexer names in 'unexpected char ... at N', if any."""
    found = _LEXER_POSITION.search(error.message or "")
    return None if found is None else max(int(found.group(1)) - shift, 0)
