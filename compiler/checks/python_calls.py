"""Python written where a Jinja2 expression is expected, worded with the Jinja2 form.

A bot author who knows Python writes `len(answer) == 0`, `answer == "y" || ...` or
`answer = "yes"`, and `answer is "yes"` (identity on a literal); from other bot tools
comes `answer contains "yes"`. Jinja2 has no `len`, no `||`, no `=` comparison, no `is`
on a value and no `contains`: the first only fails at run time (an unknown name), the
others get the parser's generic message. Each is an error here, at the culprit, naming
what to write instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.positions import char_span_in_expression, char_span_in_string
from botc.dsl.diagnostics import Diagnostic

# Python's built-in functions a bot author reaches for, and the Jinja2 filter that does it.
PYTHON_FUNCTIONS = {
    "len": "length",
    "str": "string",
    "int": "int",
    "float": "float",
    "abs": "abs",
    "round": "round",
    "sorted": "sort",
    "list": "list",
    "sum": "sum",
    "max": "max",
    "min": "min",
    "upper": "upper",
    "lower": "lower",
}
_CALL = re.compile(r"(?<![\w.])(" + "|".join(PYTHON_FUNCTIONS) + r")\s*\(")
_DOUBLE_BAR = re.compile(r"\|\|")
_DOUBLE_AMPERSAND = re.compile(r"&&")
# `is "yes"` / `is not 3`: Python's identity test on a literal (Jinja2's `is` takes a test).
_IS = re.compile(r"(?<![\w.])is(\s+not)?(?=\s)")
_LITERAL_START = re.compile(r"\s*(?:[\"']|-?[0-9])")
# `answer contains "yes"`: the operator bot tools have and Jinja2 spells `"yes" in answer`.
_CONTAINS = re.compile(r"(?<![\w.])contains(?![\w(])")
# `=` alone: not part of `==`, `!=`, `<=`, `>=`, and not a keyword argument `name=` in a call.
_SINGLE_EQUALS = re.compile(r"(?<![=!<>])=(?!=)")


def check_python_calls(context: CheckContext) -> Iterator[Diagnostic]:
    """An error for each Python-only form in an expression or a `{{ }}` block."""
    for expression, _ in context.sites.expressions:
        for offset, length, message, hint in python_forms(expression.source, expression=True):
            span = char_span_in_expression(expression, offset, length)
            yield context.error("BOT312", span, message, hint)
    for string, _ in context.sites.strings:
        for offset, length, message, hint in _template_forms(string.value):
            span = char_span_in_string(string, offset, length)
            yield context.error("BOT312", span, message, hint)


@functools.lru_cache(maxsize=1 << 16)
def _template_forms(template: str) -> tuple[tuple[int, int, str, str], ...]:
    """`python_forms` of each `{{ }}` block of a template, offsets in the whole text (once
    per distinct text)."""
    if "{{" not in template:
        return ()
    return tuple(
        (start + offset, length, message, hint)
        for start, end in _blocks(template)
        for offset, length, message, hint in python_forms(template[start:end], expression=False)
    )


@functools.lru_cache(maxsize=1 << 16)
def python_forms(source: str, *, expression: bool) -> tuple[tuple[int, int, str, str], ...]:
    """(offset, length, message, hint) for each Python-only form in `source`, outside its
    string literals (once per distinct text)."""
    code = _without_strings(source)
    found = []
    for call in _CALL.finditer(code):
        name = call.group(1)
        before = code[: call.start(1)].rstrip()
        if before.endswith("|") or re.search(r"(?<![\w.])is(\s+not)?$", before):
            continue  # a filter (`| round(2)`) or a test (`is lower()`) with arguments
        argument = _argument(source, call.end())
        jinja = f"{argument or 'value'} | {PYTHON_FUNCTIONS[name]}"
        found.append(
            (
                call.start(1),
                len(name),
                f"`{name}(...)` is Python: templates and conditions use Jinja2 filters",
                f"write `{jinja}`",
            )
        )
    for bars in _DOUBLE_BAR.finditer(code):
        found.append((bars.start(), 2, "`||` is not an operator here", "write `or`"))
    for ampersands in _DOUBLE_AMPERSAND.finditer(code):
        found.append((ampersands.start(), 2, "`&&` is not an operator here", "write `and`"))
    for identity in _IS.finditer(code):
        if not _LITERAL_START.match(source, identity.end()):
            continue
        operator = "!=" if identity.group(1) else "=="
        found.append(
            (
                identity.start(),
                identity.end() - identity.start(),
                f"`{identity.group(0)}` takes a test (`is number`, `is matching(...)`); "
                f"a value is compared with `{operator}`",
                f"write `{source[: identity.start()].strip()} {operator} "
                f"{source[identity.end() :].strip()}`",
            )
        )
    for contains in _CONTAINS.finditer(code):
        left = source[: contains.start()].strip()
        right = source[contains.end() :].strip()
        found.append(
            (
                contains.start(),
                len("contains"),
                "`contains` is not an operator here",
                f"write `{right or 'text'} in {left or 'value'}`",
            )
        )
    if expression and "(" not in code:  # `=` inside a call may be a keyword argument
        for equals in _SINGLE_EQUALS.finditer(code):
            found.append(
                (
                    equals.start(),
                    1,
                    "`=` gives a value; a condition compares with `==`",
                    f"write `{source[: equals.start()].rstrip()} == "
                    f"{source[equals.end() :].lstrip()}`",
                )
            )
    return tuple(sorted(found))


def _without_strings(source: str) -> str:
    """`source` with the inside of each quoted string blanked (same length)."""
    return re.sub(
        r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')", lambda m: " " * len(m.group(0)), source
    )


def _argument(source: str, start: int) -> str:
    """The text between the `(` ending before `start` and its `)`, or "" if it is not closed."""
    depth = 1
    for index in range(start, len(source)):
        if source[index] == "(":
            depth += 1
        elif source[index] == ")":
            depth -= 1
            if depth == 0:
                return source[start:index].strip()
    return ""


def _blocks(template: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the inside of each `{{ ... }}` block of a template."""
    for block in re.finditer(r"\{\{(.*?)\}\}", template, flags=re.S):
        yield block.start(1), block.end(1)
