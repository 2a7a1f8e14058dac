"""compiler.template_trees: plain templates get their tree without Jinja2's parser, and it
is the very tree Jinja2 parses (the checks read both alike)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment

from botc.compiler.template_trees import _plain_tree, template_tree

JINJA = Environment()

words = st.sampled_from(["name", "a_1", "Order", "if", "true", "none", "x", "upper", "loop"])
data = st.text(alphabet=st.sampled_from("ab {}%#|.-\n\r"), max_size=8)


@st.composite
def blocks(draw: st.DrawFn) -> str:
    head = ".".join(draw(st.lists(words, min_size=1, max_size=3)))
    filters = "".join(
        f"{draw(st.sampled_from([' | ', '|']))}{w}" for w in draw(st.lists(words, max_size=2))
    )
    space = draw(st.sampled_from(["", " ", "  ", "-"]))
    return "{{" + space + head + filters + draw(st.sampled_from(["", " ", "-"])) + "}}"


@st.composite
def templates(draw: st.DrawFn) -> str:
    parts = [draw(data)]
    for _ in range(draw(st.integers(0, 3))):
        parts += [draw(blocks()), draw(data)]
    return "".join(parts)


@given(templates())
def test_a_plain_tree_is_the_tree_jinja2_parses(template: str) -> None:
    plain = _plain_tree(template)
    if plain is not None:
        assert plain == JINJA.parse(template)


def test_a_brace_right_before_a_block_is_left_to_jinja2() -> None:
    assert _plain_tree("{{{name}}") is None
    assert template_tree("{{{name}}") is None  # Jinja2 reads `{{` then `{name}}`


def test_the_texts_of_a_bot_take_the_plain_way() -> None:
    for text in ["Small it is, {{ choice_1 }}.", "{{ Order.eta | round | int }} days", "{{x}}"]:
        assert _plain_tree(text) == JINJA.parse(text)


def test_anything_else_is_parsed_by_jinja2() -> None:
    for text in ["{{ a ~ b }}", "{% if a %}b{% endif %}", "{{ true }}", "end\n", "{{ a }"]:
        assert _plain_tree(text) is None
    assert template_tree("{% if a %}b{% endif %}") == JINJA.parse("{% if a %}b{% endif %}")
    assert template_tree("{{ a }") is None
