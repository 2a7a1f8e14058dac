"""Plain template text skips Jinja2 (a speed-up): it must render exactly as Jinja2 would."""

from __future__ import annotations

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.faults import RuntimeFault
from botc.runtime.templates import (
    MAX_RENDERED_CHARS,
    build_environment,
    compile_template,
    is_constant,
    render,
)

ENV = build_environment()
SCOPE = {"name": "Ada", "star": [], "user": {"message": None}}


def _jinja_render(source: str) -> str:
    """What the sandbox itself renders for `source`."""
    return ENV.from_string(ENV.parse(source)).render(dict(SCOPE))


@given(st.text(alphabet=st.characters(blacklist_characters="{\r"), max_size=60))
def test_plain_text_renders_as_jinja_renders_it(text: str) -> None:
    template = compile_template(ENV, text)
    assert is_constant(template)
    assert render(template, SCOPE) == _jinja_render(text)


@pytest.mark.parametrize(
    "text",
    ["Hello {{ name }}", "{% if true %}yes{% endif %}", "{# note #}text", "line\r\nend"],
)
def test_text_jinja_would_change_is_still_compiled(text: str) -> None:
    template = compile_template(ENV, text)
    assert not is_constant(template)
    assert render(template, SCOPE) == _jinja_render(text)


@pytest.mark.parametrize("text", ["a } b", "{ not a block }", "100% sure", "}} {"])
def test_braces_that_open_no_block_stay_plain_text(text: str) -> None:
    template = compile_template(ENV, text)
    assert is_constant(template)
    assert render(template, SCOPE) == text == _jinja_render(text)


def test_a_constant_longer_than_the_limit_is_a_fault() -> None:
    template = compile_template(ENV, "x" * (MAX_RENDERED_CHARS + 1))
    with pytest.raises(RuntimeFault, match="longer than"):
        render(template, SCOPE)


def test_a_constant_is_still_a_jinja_template() -> None:
    assert isinstance(compile_template(ENV, "Thanks."), jinja2.Template)
