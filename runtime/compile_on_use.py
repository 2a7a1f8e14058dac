"""Templates and expressions of plainly valid syntax, compiled the first time they are used.

Compiling a Jinja2 template or expression (parse, code generation, Python `compile`) costs
about 0.3 ms; a bot with 10,000 dialogs has that many texts, and one process seldom says
all of them. `template_on_use` and `expression_on_use` look at the source first: text
whose every `{{ }}` holds only names, attributes and filters the environment has (and an
expression of that shape, `choice | upper`) cannot fail to compile, so its compilation
waits until it renders; anything else is compiled at once by `runtime.templates`, which
raises `jinja2.TemplateSyntaxError` for what a table may not hold. Either way the object
renders exactly as the compiled template would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

import jinja2

from botc.runtime.limits import MAX_TEMPLATE_NODES
from botc.runtime.templates import Expression, compile_expression, compile_template

# Jinja2's word operators and statements: a name in a simple expression is none of them.
_KEYWORDS: Final = frozenset(
    {
        "and", "or", "not", "in", "is", "if", "else", "elif", "endif", "for", "endfor",
        "set", "block", "extends", "include", "import", "from", "with", "without",
        "context", "macro", "call", "filter", "recursive",
    }
)  # fmt: skip
_NAME: Final = r"[A-Za-z_][A-Za-z0-9_]*"
_SIMPLE_EXPRESSION: Final = re.compile(
    rf"\s*(?P<head>{_NAME}(?:\.{_NAME})*)(?P<filters>(?:\s*\|\s*{_NAME})*)\s*"
)
# Text without `{%`, `{#` or `\r` (which Jinja2 would parse or normalize), and `{{ }}` blocks.
_BLOCK: Final = re.compile(r"\{\{(?P<inside>(?:(?!\}\}).)*)\}\}", re.DOTALL)
_PARSED_ELSEWHERE: Final = re.compile(r"\{%|\{#|\r|\{\{-|-\}\}|\{\{\+")


class TemplateOnUse(jinja2.Template):
    """A template of plainly valid syntax, compiled when it first renders. Only `render`
    and `generate` are meant to be called (as for `runtime.templates.ConstantTemplate`)."""

    source: str
    environment_of: jinja2.Environment
    compiled: jinja2.Template | None

    def __new__(cls, env: jinja2.Environment, source: str) -> TemplateOnUse:
        template = object.__new__(cls)
        template.source = source
        template.environment_of = env
        template.compiled = None
        return template

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self._template().render(*args, **kwargs)

    def generate(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        return self._template().generate(*args, **kwargs)

    def _template(self) -> jinja2.Template:
        compiled = self.compiled
        if compiled is None:
            compiled = self.compiled = compile_template(self.environment_of, self.source)
        return compiled


class ExpressionOnUse:
    """An expression of plainly valid syntax, compiled when it is first evaluated."""

    def __init__(self, env: jinja2.Environment, source: str) -> None:
        self._env = env
        self._source = source
        self._compiled: Expression | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = compile_expression(self._env, self._source)
        return compiled(*args, **kwargs)


def template_on_use(env: jinja2.Environment, source: str) -> jinja2.Template:
    """The template of `source`: compiled on first use when its syntax is plainly valid,
    else now (raising `jinja2.TemplateSyntaxError` as `compile_template` does)."""
    if "{{" in source and _is_simple_template(env, source):
        return TemplateOnUse(env, source)
    return compile_template(env, source)


def expression_on_use(env: jinja2.Environment, source: str) -> Expression:
    """The expression of `source`: compiled on first use when its syntax is plainly valid,
    else now (raising `jinja2.TemplateSyntaxError` as `compile_expression` does)."""
    if _is_simple_expression(env, source):
        return ExpressionOnUse(env, source)
    return compile_expression(env, source)


def _is_simple_template(env: jinja2.Environment, source: str) -> bool:
    if _PARSED_ELSEWHERE.search(source) or env.line_statement_prefix or env.line_comment_prefix:
        return False
    if source.count("{{") > MAX_TEMPLATE_NODES // 4:  # may pass the shape limit: check it now
        return False
    blocks = list(_BLOCK.finditer(source))
    outside = _BLOCK.sub("", source)
    if "{{" in outside:  # a `{{` no `}}` closes
        return False
    return all(_is_simple_expression(env, block["inside"]) for block in blocks)


def _is_simple_expression(env: jinja2.Environment, source: str) -> bool:
    match = _SIMPLE_EXPRESSION.fullmatch(source)
    if match is None:
        return False
    names = match["head"].split(".")
    filters = [name.strip() for name in match["filters"].split("|")[1:]]
    return not _KEYWORDS.intersection(names + filters) and all(
        name in env.filters for name in filters
    )
