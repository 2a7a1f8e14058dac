"""Templates and expressions of plainly valid syntax are compiled when first used (a load
speed-up): they must render and evaluate exactly as the compiled ones, and anything the
table may not hold is still refused when the table loads."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest
from hand_tables import minimal_table, say_step
from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.compile_on_use import (
    ExpressionOnUse,
    TemplateOnUse,
    expression_on_use,
    template_on_use,
)
from botc.runtime.faults import RuntimeFault, TableError
from botc.runtime.loading import load_table
from botc.runtime.templates import (
    build_environment,
    compile_expression,
    compile_template,
    evaluate,
    render,
)

ENV = build_environment()
SCOPE: dict[str, Any] = {"name": "Ada", "order": {"id": "A7"}, "count": 3, "none": None}

names = st.sampled_from(["name", "order.id", "count", "none", "missing", "order.missing"])
filters = st.lists(st.sampled_from(["upper", "lower", "length", "string", "trim"]), max_size=2)
texts = st.text(alphabet=st.characters(blacklist_characters="{}\r%#"), max_size=12)


@st.composite
def simple_expressions(draw: st.DrawFn) -> str:
    return draw(names) + "".join(f" | {name}" for name in draw(filters))


@st.composite
def simple_templates(draw: st.DrawFn) -> str:
    parts = [draw(texts)]
    for _ in range(draw(st.integers(1, 3))):
        parts += ["{{ " + draw(simple_expressions()) + " }}", draw(texts)]
    return "".join(parts)


def _outcome(call: Any) -> tuple[str, Any]:
    try:
        return "value", call()
    except Exception as error:
        return "error", type(error).__name__


@given(simple_templates())
def test_a_simple_template_waits_and_renders_as_the_compiled_one(source: str) -> None:
    deferred = template_on_use(ENV, source)
    assert isinstance(deferred, TemplateOnUse)
    compiled = compile_template(ENV, source)
    assert _outcome(lambda: render(deferred, SCOPE)) == _outcome(lambda: render(compiled, SCOPE))


@given(simple_expressions())
def test_a_simple_expression_waits_and_evaluates_as_the_compiled_one(source: str) -> None:
    deferred = expression_on_use(ENV, source)
    assert isinstance(deferred, ExpressionOnUse)
    compiled = compile_expression(ENV, source)
    assert _outcome(lambda: evaluate(deferred, SCOPE)) == _outcome(
        lambda: evaluate(compiled, SCOPE)
    )


@pytest.mark.parametrize(
    "source",
    [
        "{{ name | shout }}",  # no such filter: Jinja2 refuses it when compiling
        "{{ name(1) }}",
        "{{ 'a' ~ name }}",
        "{{- name }}",
        "{% if name %}{{ name }}{% endif %}",
        "{{ if }}",
        "{{ name }",
        "{{ '}}' }}",
    ],
)
def test_anything_but_names_attributes_and_known_filters_is_compiled_at_once(source: str) -> None:
    try:
        result = template_on_use(ENV, source)
    except jinja2.TemplateSyntaxError:
        return
    assert not isinstance(result, TemplateOnUse)


@pytest.mark.parametrize("source", ["name | shout", "a and b", "not a", "x.0", "a | upper(1)"])
def test_other_expressions_are_compiled_at_once(source: str) -> None:
    try:
        result = expression_on_use(ENV, source)
    except jinja2.TemplateSyntaxError:
        return
    assert not isinstance(result, ExpressionOnUse)


def test_a_table_with_an_unknown_filter_is_still_refused_when_it_loads() -> None:
    with pytest.raises(TableError) as caught:
        load_table(minimal_table(say_step(0, 0, "Hi {{ name | shout }}")))
    assert caught.value.path == "$.steps[0].args.text"


def test_a_table_loads_its_simple_templates_uncompiled_and_they_render_on_use() -> None:
    table = load_table(minimal_table(say_step(0, 0, "Hi {{ name | upper }}!")))
    template = table.templates["Hi {{ name | upper }}!"]
    assert isinstance(template, TemplateOnUse) and template.compiled is None
    assert render(template, SCOPE) == "Hi ADA!"
    assert template.compiled is not None


def test_an_undefined_name_in_a_deferred_template_is_a_runtime_fault() -> None:
    with pytest.raises(RuntimeFault, match="undefined"):
        render(template_on_use(ENV, "{{ nobody }}"), SCOPE)
