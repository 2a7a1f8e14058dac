"""Templates and expressions (LANGUAGE.md 6): a Jinja2 sandbox built once per table.

The environment is immutable-sandboxed (an expression cannot mutate the state it reads),
has no clock, randomness or I/O (`lipsum`, `cycler`, `joiner` and the `random` filter are
removed), uses `StrictUndefined` (an unknown name is an error, not an empty string) and
adds the tests `matching("regex")` (full match) and `number` (a number or a numeric
string). Rendering turns any failure into `RuntimeFault`, which the interpreter logs.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import TemplateExpression
from jinja2.sandbox import ImmutableSandboxedEnvironment

from botc.runtime import template_limits, template_shape
from botc.runtime.faults import RuntimeFault
from botc.runtime.limits import MAX_VALUE_CHARS
from botc.runtime.regex_dialect import RegexProblem, compile_regex

# The longest text a template may render (the sandbox already caps `range`).
MAX_RENDERED_CHARS = MAX_VALUE_CHARS

Scope = Mapping[str, Any]
Expression = Callable[..., Any]


def _finalize(value: Any) -> Any:
    """How a value prints inside `{{ }}`: JSON spelling for null, booleans and containers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple):
        template_limits.check_weight(value, "a printed value")
        return json.dumps(value, ensure_ascii=False)
    return value


def _is_matching(value: Any, pattern: str) -> bool:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return False
    return compile_regex(pattern).fullmatch(str(value)) is not None


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return math.isfinite(value)
    if isinstance(value, str):
        try:
            return math.isfinite(float(value.strip()))
        except ValueError:
            return False
    return False


class _BudgetedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with `a ~ b` routed through the sandbox's size check."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.budgeted_concat((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class _BotSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with a budget on whatever can grow a value or take time
    (runtime/template_limits.py)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _BudgetedCodeGenerator

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return template_limits.binop(operator, left, right)

    def budgeted_concat(self, values: tuple[Any, ...]) -> str:
        return template_limits.concat(values)

    def getattr(self, obj: Any, attribute: str) -> Any:
        template_limits.spend()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        template_limits.spend()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        template_limits.spend()
        method = getattr(__obj, "__wrapped__", __obj)
        target = getattr(method, "__self__", None)
        if isinstance(target, str):
            name = getattr(method, "__name__", "")
            args = template_limits.check_string_method(target, name, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        return template_limits.check_weight(result, "the result of a call")


def build_environment() -> jinja2.Environment:
    """A fresh sandbox for one table: strict, deterministic, with the bot language's tests."""
    env = _BotSandbox(
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,  # a message ends exactly as it was written
    )
    for name in ("lipsum", "cycler", "joiner"):
        env.globals.pop(name, None)
    env.filters.pop("random", None)
    env.tests["matching"] = _is_matching
    env.tests["number"] = _is_number
    template_limits.limit_filters(env.filters)
    return env


# Statements that repeat work: a template with them could run for ever (LANGUAGE.md 6 has
# `{{ expression }}` only; `{% if %}` and `{% set %}` are tolerated, loops and macros not).
_REPEATING = (nodes.For, nodes.Macro, nodes.CallBlock)


class ConstantTemplate(jinja2.Template):
    """Template text with no Jinja2 syntax in it: it renders as itself, with no context to
    build (most of a bot's texts are such). Only `render` is meant to be called."""

    text: str

    def __new__(cls, text: str) -> ConstantTemplate:  # no Jinja2 compilation: nothing to do
        template = object.__new__(cls)
        template.text = text
        return template

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.text


# Text Jinja2 would change or parse: a block opener, or a line end it would normalize.
_NOT_CONSTANT = re.compile(r"\{\{|\{%|\{#|\r")


def is_constant(template: jinja2.Template) -> bool:
    """True when `template` is plain text that renders as itself."""
    return isinstance(template, ConstantTemplate)


def compile_template(env: jinja2.Environment, source: str) -> jinja2.Template:
    """Compile template text once; raises `jinja2.TemplateSyntaxError` when it is not valid
    or uses a loop or a macro (which could keep a turn from ever finishing). Plain text
    becomes a `ConstantTemplate`."""
    if _NOT_CONSTANT.search(source) is None and not _has_line_syntax(env):
        return ConstantTemplate(source)
    tree = template_shape.parse_template(env, source)
    for node in tree.find_all(_REPEATING):
        word = {"For": "for", "Macro": "macro", "CallBlock": "call"}[type(node).__name__]
        raise jinja2.TemplateSyntaxError(
            f"`{{% {word} %}}` is not allowed in a bot's template", node.lineno
        )
    _refuse_constant_overflow(tree)
    return _with_plain_globals(env.from_string(tree))


def _refuse_constant_overflow(tree: nodes.Node) -> None:
    """A literal part over the budget (`{{ 9**1000 }}`) is refused when it compiles."""
    problem = template_limits.constant_problem(tree)
    if problem is not None:
        raise jinja2.TemplateSyntaxError(f"{problem} (it is written in the template)", 1)


def _has_line_syntax(env: jinja2.Environment) -> bool:
    """Line statements or comments would make plain-looking text a template."""
    return bool(env.line_statement_prefix or env.line_comment_prefix)


def compile_expression(env: jinja2.Environment, source: str) -> Expression:
    """Compile expression text once; raises `jinja2.TemplateSyntaxError` when not valid
    (parsed as `runtime.template_shape.parse_expression` parses it for the compiler)."""
    expression = template_shape.parse_expression(env, source)
    _refuse_constant_overflow(expression)
    expression.set_environment(env)
    body = [nodes.Assign(nodes.Name("result", "store"), expression, lineno=1)]
    template = _with_plain_globals(env.from_string(nodes.Template(body, lineno=1)))
    return TemplateExpression(template, False)


def _with_plain_globals(template: jinja2.Template) -> jinja2.Template:
    """`template` with its globals as one plain dict. Jinja2 keeps them as a ChainMap over
    the environment's and copies that into the context of every render, which costs more
    than the render of a short text; the table's environment never changes once its
    templates compile, so a dict of the same names renders the same."""
    template.globals = dict(template.globals)
    return template


def render(template: jinja2.Template, scope: Scope) -> str:
    """The template's text with `scope` bound; any failure raises `RuntimeFault`."""
    if is_constant(template):
        text = template.render()
        if len(text) > MAX_RENDERED_CHARS:
            raise RuntimeFault(_too_long())
        return text
    budget = template_limits.start_budget()
    try:
        return _bounded_text(template, scope)
    except RuntimeFault:
        raise
    except Exception as error:
        raise RuntimeFault(_describe(error)) from None
    finally:
        template_limits.end_budget(budget)


def _bounded_text(template: jinja2.Template, scope: Scope) -> str:
    """The rendered text, stopped as soon as it grows past `MAX_RENDERED_CHARS`."""
    parts: list[str] = []
    size = 0
    for part in template.generate(dict(scope)):
        size += len(part)
        if size > MAX_RENDERED_CHARS:
            raise RuntimeFault(_too_long())
        parts.append(part)
    return "".join(parts)


def evaluate(expression: Expression, scope: Scope) -> Any:
    """The expression's value with `scope` bound, as JSON data; failures raise `RuntimeFault`."""
    budget = template_limits.start_budget()
    try:
        value = expression(**scope)
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        template_limits.check_weight(value, "the value")
        return to_json_value(value)
    except RuntimeFault:
        raise
    except Exception as error:
        raise RuntimeFault(_describe(error)) from None
    finally:
        template_limits.end_budget(budget)


def holds(expression: Expression, scope: Scope) -> bool:
    """Whether a condition holds (its truth value); failures raise `RuntimeFault`."""
    budget = template_limits.start_budget()
    try:
        value = expression(**scope)
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return bool(value)
    except Exception as error:
        raise RuntimeFault(_describe(error)) from None
    finally:
        template_limits.end_budget(budget)


def _too_long() -> str:
    return f"the rendered text is longer than {MAX_RENDERED_CHARS} characters"


def to_json_value(value: Any) -> Any:
    """`value` as plain JSON data (tuples become lists); raises `RuntimeFault` for anything
    that cannot be stored in the conversation state (a function, a range, ...)."""
    if isinstance(value, str):
        return str(value)  # a Markup subclass becomes a plain string
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise RuntimeFault(f"the value {value} is not a finite number")
        return value
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}
    raise RuntimeFault(f"a value of type {type(value).__name__} cannot be stored")


def _describe(error: Exception) -> str:
    if isinstance(error, jinja2.UndefinedError):
        return f"undefined value: {error.message}"
    if isinstance(error, RegexProblem):
        return f"matching(...): {error.message}"
    return f"{type(error).__name__}: {error}"
