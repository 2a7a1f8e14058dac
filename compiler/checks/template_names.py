"""Filters and tests a template or expression names but the runtime's sandbox lacks, and
statements that load other templates (the sandbox has none to load).

Jinja2 parses `{{ name | shout }}` happily; only compiling it against an environment
finds that `shout` does not exist, which the runtime does when it loads the table. So a
bot that `botc check` passed would be refused by `botc run` and `botc serve`: this check
reports the unknown name at compile time instead, with the caret on it.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator

import attrs
from jinja2 import Environment, nodes

from botc.compiler.card_files import CardFileError, read_card_file
from botc.compiler.checks.context import CheckContext
from botc.compiler.jinja_syntax import expression_problem, template_problem
from botc.compiler.json_leaves import string_leaves
from botc.compiler.positions import char_span_in_expression, char_span_in_string
from botc.compiler.template_trees import CACHED_TREES, template_tree
from botc.dsl.ast import CardStep, Span
from botc.dsl.diagnostics import Diagnostic

# The names runtime/templates.build_environment offers (Jinja2's, less `random`, plus the
# language's two tests); the compiler may not import it, so a test cross-checks these.
KNOWN_FILTERS = frozenset(Environment().filters) - {"random"}
KNOWN_TESTS = frozenset(Environment().tests) | {"matching", "number"}

_FILTER_HINT = (
    "the filters are Jinja2's built-in ones (lower, upper, title, default, round, int, ...)"
)
_LOADING_HINT = "write the text in the template itself"
# Statements that load another template: the runtime's sandbox has no loader, so they
# fail on every run (`{% if %}` and `{% set %}` are fine).
_LOADING: dict[type[nodes.Node], str] = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from",
    nodes.Extends: "extends",
}
_TEST_HINT = 'the tests are Jinja2\'s built-in ones plus `matching("regex")` and `number`'


@attrs.frozen
class UnknownName:
    """A filter or test name the sandbox lacks, and where it starts in the text parsed."""

    kind: str  # "filter", "test" or "statement" (one that loads another template)
    name: str
    offset: int


def check_template_names(context: CheckContext) -> Iterator[Diagnostic]:
    """An error for each filter or test name, or template-loading statement, that no
    template of the runtime can use."""
    for string, _ in context.sites.strings:
        if template_problem(string.value) is None:
            for unknown in unknown_names(string.value):
                span = char_span_in_string(string, unknown.offset, len(unknown.name))
                yield _report(context, span, unknown)
    for payload, _ in context.sites.payloads:
        for path, leaf in string_leaves(payload.value):
            if template_problem(leaf) is None:
                for unknown in unknown_names(leaf):
                    yield _report(context, payload.span, unknown, f" (in the template at {path})")
    for step, content in _card_files(context):
        assert step.file is not None
        for path, leaf in string_leaves(content):
            if template_problem(leaf) is None:
                for unknown in unknown_names(leaf):
                    where = f" (in the template at {path} in {step.file.value!r})"
                    yield _report(context, step.file.span, unknown, where)
    for expression, _ in context.sites.expressions:
        if expression_problem(expression.source) is None:
            for unknown in unknown_names("{{" + expression.source + "}}"):
                offset = max(unknown.offset - len("{{"), 0)
                span = char_span_in_expression(expression, offset, len(unknown.name))
                yield _report(context, span, unknown)


def _card_files(context: CheckContext) -> Iterator[tuple[CardStep, object]]:
    """Each `card file` step with its content; unreadable files are the card check's."""
    for _, step in context.steps.of_kind(CardStep):
        if step.file is not None:
            try:
                yield step, read_card_file(context.base_dir, step.file.value)
            except CardFileError:
                continue


@functools.lru_cache(maxsize=CACHED_TREES)
def unknown_names(template: str) -> tuple[UnknownName, ...]:
    """The unknown filter and test names of a template Jinja2 can parse, in text order
    (worked out once per distinct text: a bot repeats its templates)."""
    if "{" not in template:
        return ()
    tree = template_tree(template)
    if tree is None:  # reported by the syntax check
        return ()
    found: list[UnknownName] = []
    for loader in tree.find_all(tuple(_LOADING)):
        word = _LOADING[type(loader)]
        at = re.search(r"\{%-?\s*(" + word + r")\b", template)
        found.append(UnknownName("statement", word, at.start(1) if at else 0))
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        is_filter = isinstance(node, nodes.Filter)
        kind, known = ("filter", KNOWN_FILTERS) if is_filter else ("test", KNOWN_TESTS)
        if node.name not in known:
            found.append(UnknownName(kind, node.name, _offset_of(template, kind, node.name)))
    return tuple(sorted(found, key=lambda unknown: unknown.offset))


def _offset_of(template: str, kind: str, name: str) -> int:
    """Where the name is written after its `|` (a filter) or `is [not]` (a test)."""
    before = r"\|\s*" if kind == "filter" else r"\bis\s+(?:not\s+)?"
    found = re.search(before + "(" + re.escape(name) + r")\b", template)
    return found.start(1) if found else 0


def _report(context: CheckContext, span: Span, unknown: UnknownName, where: str = "") -> Diagnostic:
    if unknown.kind == "statement":
        message = f"`{{% {unknown.name} %}}` cannot work here: a bot's template loads no other"
        return context.error("BOT302", span, message + f" template{where}", _LOADING_HINT)
    known = KNOWN_FILTERS if unknown.kind == "filter" else KNOWN_TESTS
    close = difflib.get_close_matches(unknown.name, sorted(known), n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    hint += _FILTER_HINT if unknown.kind == "filter" else _TEST_HINT
    # Only a span on the name itself can take the fix (not a whole JSON payload's).
    on_name = span.end_line == span.line and span.end_column - span.column == len(unknown.name)
    fix = close[0] if close and on_name else None
    return context.error(
        "BOT303", span, f"no {unknown.kind} named `{unknown.name}`{where}", hint, fix
    )
