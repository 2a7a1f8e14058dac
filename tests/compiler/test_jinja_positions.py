"""compiler.jinja_syntax and compiler.positions: finding the offending character."""

import pytest

from botc.compiler.jinja_syntax import expression_problem, template_problem
from botc.compiler.positions import char_span_in_string, raw_offset
from botc.dsl.ast import Span, Str


@pytest.mark.parametrize(
    ("template", "culprit"),
    [
        ("Hi {{ a b }}!", "b"),
        ("{{ a $ b }}", "$"),
        ("x {{ 'abc }}", "'"),
    ],
)
def test_template_problem_points_at_the_offending_character(
    template: str, culprit: str
) -> None:
    problem = template_problem(template)
    assert problem is not None
    assert template[problem.offset] == culprit


def test_unclosed_block_points_at_its_opening() -> None:
    problem = template_problem("Hello {{ name")
    assert problem is not None
    assert problem.offset == len("Hello ")
    assert "never closed" in problem.message


def test_valid_templates_and_cb_forms_have_no_problem() -> None:
    assert template_problem("{{ x | upper }} {$botContext.y} {A.b}") is None


def test_expression_problem_points_into_the_expression() -> None:
    problem = expression_problem("answer b")
    assert problem is not None
    assert problem.offset == len("answer ")


def test_valid_expression_has_no_problem() -> None:
    assert expression_problem('answer is matching("^[0-9]+$")') is None


def test_raw_offset_accounts_for_escapes() -> None:
    raw = r'"a\"b\u00e9c"'
    assert raw[raw_offset(raw, 2)] == "b"
    assert raw[raw_offset(raw, 4)] == "c"


def test_char_span_in_string_is_relative_to_the_opening_quote() -> None:
    string = Str(value='x"y', raw=r'"x\"y"', span=Span(3, 9, 3, 15))
    assert char_span_in_string(string, 2) == Span(3, 13, 3, 14)


def test_caret_covers_the_whole_offending_token() -> None:
    problem = template_problem("{{ name name }}")
    assert problem is not None
    assert (problem.offset, problem.length) == (8, 4)
