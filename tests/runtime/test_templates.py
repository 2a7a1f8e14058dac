"""The template sandbox (LANGUAGE.md 6): strict, deterministic, no access to internals."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.faults import RuntimeFault
from botc.runtime.templates import (
    build_environment,
    compile_expression,
    compile_template,
    evaluate,
    holds,
    render,
)

ENV = build_environment()


def _render(source: str, **scope: Any) -> str:
    return render(compile_template(ENV, source), scope)


def _value(source: str, **scope: Any) -> Any:
    return evaluate(compile_expression(ENV, source), scope)


def test_matching_test_needs_a_full_match() -> None:
    expression = compile_expression(ENV, 'answer is matching("[0-9]{3}")')
    assert holds(expression, {"answer": "123"})
    assert not holds(expression, {"answer": "1234"})


def test_number_test_accepts_numeric_strings() -> None:
    assert [_value("x is number", x=x) for x in ("4.5", " 12 ", 3, "abc", True)] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_undefined_name_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(RuntimeFault, match="undefined value: 'nobody' is undefined"):
        _render("Hi {{ nobody }}")


def test_undefined_expression_result_is_an_error() -> None:
    with pytest.raises(RuntimeFault, match="undefined"):
        _value("x.missing", x={})


def test_null_renders_empty_and_booleans_in_json_spelling() -> None:
    assert _render("[{{ a }}|{{ b }}|{{ c }}]", a=None, b=True, c=[1, "x"]) == '[|true|[1, "x"]]'


def test_integration_fields_read_with_dots() -> None:
    assert (
        _render("{{ Balance.balance }} {{ Balance.ok }}", Balance={"balance": 5, "ok": True})
        == "5 true"
    )


def test_python_internals_are_out_of_reach() -> None:
    with pytest.raises(RuntimeFault, match="SecurityError"):
        _render("{{ x.__class__.__mro__ }}", x="")


def test_expressions_cannot_change_the_values_they_read() -> None:
    fields = {"items": [1]}
    with pytest.raises(RuntimeFault):
        _value("items.append(2)", **fields)
    assert fields == {"items": [1]}


@pytest.mark.parametrize("source", ["{{ lipsum() }}", "{{ [1, 2] | random }}", "{{ cycler(1) }}"])
def test_randomness_and_stateful_helpers_are_not_available(source: str) -> None:
    with pytest.raises(Exception):  # noqa: B017 — undefined name or unknown filter, both refused
        _render(source)


def test_huge_repetition_is_refused() -> None:
    with pytest.raises(RuntimeFault, match="would be longer than 100000"):
        _render("{{ 'x' * n }}", n=10000000)


def test_huge_power_is_refused() -> None:
    with pytest.raises(RuntimeFault, match="more than 1000 digits"):
        _value("9 ** n", n=99999999)


def test_values_that_are_not_json_cannot_be_stored() -> None:
    with pytest.raises(RuntimeFault, match="cannot be stored"):
        _value("range(3)")


def test_tuples_are_stored_as_lists() -> None:
    assert _value("(1, 2)") == [1, 2]


@given(st.text(st.characters(blacklist_characters="\r"), max_size=30))
def test_rendering_a_text_without_markup_gives_it_back(text: str) -> None:
    # Jinja2 reads "\r\n" and "\r" as "\n"; every other character comes back as written
    literal = text.replace("{", "").replace("}", "").replace("%", "").replace("#", "")
    assert _render(literal) == literal


@pytest.mark.parametrize(
    "source",
    [
        "{% for i in range(3) %}{{ i }}{% endfor %}",
        "{% macro f() %}x{% endmacro %}{{ f() }}",
        "{% macro f() %}{{ caller() }}{% endmacro %}{% call f() %}x{% endcall %}",
    ],
)
def test_templates_that_repeat_work_are_refused(source: str) -> None:
    with pytest.raises(jinja2.TemplateSyntaxError, match="is not allowed in a bot's template"):
        compile_template(ENV, source)


@pytest.mark.parametrize(
    "source",
    [
        "{{ range(99999) | join('y' * 99999) }}",
        "{{ 'x' | center(1000000000) }}",
        "{{ 'x'.center(10 ** 9) }}",
        "{{ ('x' * 9999).replace('', 'y' * 9999) }}",
        "{{ ('x' * 9999) | replace('', 'y' * 9999) }}",
        "{{ '%100000000d' % (range(1) | length) }}",
        "{{ '{:>100000000}'.format(1) }}",
        "{{ '%100000000d' | format(1) }}",
        "{{ 'a' | indent(10 ** 9) }}",
        "{{ range(3) | batch(10 ** 9, 0) | list }}",
        "{{ [1] | tojson(indent=10 ** 9) }}",
    ],
)
def test_operations_that_would_build_a_huge_value_are_refused_before_running(source: str) -> None:
    with pytest.raises(RuntimeFault, match="would be longer than 100000"):
        _render(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ ['a', 'b'] | join(', ') }}", "a, b"),
        ("{{ 'x' | center(5) }}", "  x  "),
        ("{{ 'a%sb' % 3 }}", "a3b"),
        ("{{ '{}-{}'.format(1, 2) }}", "1-2"),
        ("{{ '%5.2f' | format(3.14159) }}", " 3.14"),
        ("{{ 'abc'.replace('b', 'x') }}", "axc"),
        ("{{ 'a b' | wordwrap(1) }}", "a\nb"),
    ],
)
def test_growing_operations_within_the_limit_work_as_usual(source: str, expected: str) -> None:
    assert _render(source) == expected
