"""Python written for Jinja2 in conditions and templates: an error naming the Jinja2 form."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from botc.compiler import CompileResult
from botc.dsl.diagnostics import Diagnostic

CompileText = Callable[..., CompileResult]


def _ask(condition: str) -> str:
    return f"""
    dialog d
        user says "hi"
        ask name "Name?"
            when {condition} -> done
        done: say "ok"
    """


def _only(diagnostics: tuple[Diagnostic, ...]) -> Diagnostic:
    [diagnostic] = diagnostics
    return diagnostic


def test_a_python_function_call_is_an_error_naming_the_filter(compile_text: CompileText) -> None:
    found = _only(compile_text(_ask("len(answer) == 0")).diagnostics)
    assert found.severity == "error"
    assert (found.span.line, found.span.column) == (4, 14)
    assert "`len(...)` is Python" in found.message
    assert found.hint == "write `answer | length`"


def test_a_python_call_in_a_template_is_an_error_too(compile_text: CompileText) -> None:
    found = compile_text("""
    dialog d
        user says "my name is *"
        say "{{ str(star[0]) }} has {{ len(star[0]) }} letters"
    """).diagnostics
    assert [(d.severity, d.span.column, d.hint) for d in found] == [
        ("error", 13, "write `star[0] | string`"),
        ("error", 36, "write `star[0] | length`"),
    ]


@pytest.mark.parametrize(
    ("condition", "column", "hint"),
    [
        ('answer == "y" || answer == "yes"', 28, "write `or`"),
        ('answer == "y" && name == "x"', 28, "write `and`"),
        ('answer = "yes"', 21, 'write `answer == "yes"`'),
    ],
)
def test_python_operators_are_named_with_their_jinja2_words(
    compile_text: CompileText, condition: str, column: int, hint: str
) -> None:
    found = _only(compile_text(_ask(condition)).diagnostics)
    assert found.severity == "error"
    assert found.span.column == column
    assert found.hint == hint


@pytest.mark.parametrize(
    "condition",
    [
        "answer | length == 0",
        'answer.lower() == "yes"',
        'answer == "a || b" or answer == "x = y"',
        "answer != 'no' and answer >= '1' and answer <= '9'",
        "answer | default('x') == 'x'",
        "answer | int | round(2) > 1",
        "answer | max(attribute='x') == 1",
    ],
)
def test_jinja2_expressions_are_not_taken_for_python(
    compile_text: CompileText, condition: str
) -> None:
    assert compile_text(_ask(condition)).diagnostics == ()
