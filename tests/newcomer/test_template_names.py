"""Unknown filter and test names are compile errors, so `botc check` never passes a bot
that `botc run` and `botc serve` would refuse to load."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from botc.compiler.checks.template_names import KNOWN_FILTERS, KNOWN_TESTS
from botc.compiler.compile import compile_source
from botc.runtime.loading import load_table
from botc.runtime.templates import build_environment

_BOT = 'dialog a\n    user says "hi"\n    set x = "Ann"\n    say "{template}"\n'


def test_known_filters_are_the_runtime_sandbox_filters() -> None:
    assert set(KNOWN_FILTERS) == set(build_environment().filters)


def test_known_tests_are_the_runtime_sandbox_tests() -> None:
    assert set(KNOWN_TESTS) == set(build_environment().tests)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(sorted(KNOWN_FILTERS)))
def test_a_template_with_a_known_filter_has_no_name_error(name: str) -> None:
    result = compile_source(_BOT.format(template="{{ x | " + name + " }}"), "a.bot")
    assert not [d for d in result.errors if "no filter named" in d.message]


@pytest.mark.parametrize("name", ["shout", "uper", "random"])
def test_an_unknown_filter_is_an_error_on_its_name(name: str) -> None:
    result = compile_source(_BOT.format(template="{{ x | " + name + " }}"), "a.bot")
    [error] = result.errors
    assert error.message == f"no filter named `{name}`"
    assert (error.span.line, error.span.column) == (4, 17)
    assert error.span.end_column - error.span.column == len(name)


def test_an_unknown_test_in_a_branch_suggests_the_close_one() -> None:
    text = 'dialog a\n    user says "hi"\n    ask n "?"\n        when answer is numbr -> end\n'
    [error] = compile_source(text, "a.bot").errors
    assert error.message == "no test named `numbr`"
    assert error.hint is not None and "did you mean `number`?" in error.hint
    assert (error.span.line, error.span.column) == (4, 24)


def test_an_unknown_filter_in_a_card_names_the_json_path() -> None:
    text = 'dialog a\n    user says "hi"\n    card {"type": "text", "text": "{{ x | loud }}"}\n'
    [error] = compile_source(text, "a.bot").errors
    assert error.message == "no filter named `loud` (in the template at $.text)"


def test_a_bot_with_only_known_names_loads_in_the_runtime() -> None:
    result = compile_source(_BOT.format(template="{{ x | upper }} {{ x is string }}"), "a.bot")
    assert result.table is not None
    load_table(result.table)


def test_an_unknown_filter_in_a_card_file_is_reported_on_its_path(tmp_path: Path) -> None:
    (tmp_path / "card.json").write_text('{"type": "text", "text": "{{ x | loud }}"}')
    text = 'dialog a\n    user says "hi"\n    card file "card.json"\n'
    [error] = compile_source(text, "a.bot", base_dir=tmp_path).errors
    assert error.message == "no filter named `loud` (in the template at $.text in 'card.json')"
    assert (error.span.line, error.span.column) == (3, 15)


@pytest.mark.parametrize(
    ("statement", "word"),
    [('{% include \\"x.html\\" %}', "include"), ('{% import \\"m\\" as m %}', "import")],
)
def test_a_statement_loading_another_template_is_an_error(statement: str, word: str) -> None:
    [error] = compile_source(_BOT.format(template="a " + statement), "a.bot").errors
    assert error.message.startswith(f"`{{% {word} %}}` cannot work here")
    assert (error.span.line, error.span.column) == (4, 15)
