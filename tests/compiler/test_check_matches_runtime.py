"""What `botc check` accepts, the runtime runs (issue 9, item 5).

Each bot below passed `check` and then crashed `botc run` with a traceback or was refused
by the loader. Now the compiler reports each at its place, and the loader refuses the
same text with the same limit (`runtime/limits.py`) when given it in a table.
"""

from __future__ import annotations

import pytest

from botc import compiler
from botc.runtime.faults import TableError
from botc.runtime.limits import MAX_EXPRESSION_DEPTH, MAX_PATTERN_FORMS
from botc.runtime.loading import load_table
from botc.runtime.templates import build_environment, compile_expression, compile_template

HEAD = 'bot "Limits"\ndialog d\n    user says "hi"\n'

CASES = {
    "an attribute chain of 200": (HEAD + "    set v = a" + ".b" * 199 + '\n    say "ok"\n', 4),
    "a sum of 499 terms": (HEAD + '    say "{{ ' + " + ".join(["1"] * 499) + ' }}"\n', 4),
    "a thousand ands": (
        HEAD + '    ask a "q"\n        when ' + " and ".join(["answer"] * 1000) + " -> e\n"
        '        otherwise -> e\n    e: say "x"\n',
        5,
    ),
    "a trailing minus": (HEAD + '    set x = 1 -\n    say "ok"\n', 4),
    "an arrow with two dashes": (
        HEAD + '    ask answer "q?"\n        when answer == "x" --> yes\n'
        '        otherwise -> yes\n    yes: say "ok"\n',
        5,
    ),
    "a pattern of too many forms": (
        'bot "Limits"\ndialog d\n    user says "* a * a * a * a * a * a * a *"\n    say "ok"\n',
        3,
    ),
    "a lookahead trigger": ('bot "L"\ndialog d\n    user says "/a(?=b)/"\n    say "ok"\n', 3),
    "a backreference in matching": (
        HEAD + '    ask a "q"\n        when answer is matching("(a)\\\\1") -> e\n'
        '        otherwise -> e\n    e: say "x"\n',
        5,
    ),
    "a literal power over the budget": (HEAD + '    say "{{ 9 ** 100000 }}"\n', 4),
    "parentheses 40 deep": (HEAD + '    say "{{ ' + "(" * 40 + "1" + ")" * 40 + ' }}"\n', 4),
    "a deep template that names a secret": (
        HEAD + '    say "{{ secret.X and ' + " and ".join(["a"] * 1000) + ' }}"\n',
        4,
    ),
    "ifs 40 deep": (HEAD + '    say "' + "{% if a %}" * 40 + "{% endif %}" * 40 + '"\n', 4),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_reports_at_its_line_what_the_runtime_would_not_run(name: str) -> None:
    text, line = CASES[name]
    result = compiler.compile_source(text, "limits.bot")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert errors, "check passed it"
    assert errors[0].span.line == line
    assert "internal error" not in errors[0].message


def test_a_chain_within_the_depth_limit_compiles_and_loads() -> None:
    text = HEAD + "    set a = 1\n    set v = a" + ".b" * (MAX_EXPRESSION_DEPTH - 8) + "\n"
    result = compiler.compile_source(text + '    say "ok"\n', "limits.bot")
    assert result.ok
    load_table(result.table)


ENV = build_environment()


@pytest.mark.parametrize(
    "source",
    [
        "a" + ".b" * 199,
        " + ".join(["1"] * 499),
        " and ".join(["x"] * 1000),
        "1 -",
        "(" * 200 + "1" + ")" * 200,
        "not " * 400 + "x",
        "9 ** 100000",
    ],
)
def test_the_loader_refuses_the_same_expressions(source: str) -> None:
    with pytest.raises(Exception, match=r"nested too deeply|end of template|digits") as refused:
        compile_expression(ENV, source)
    assert not isinstance(refused.value, RecursionError)


def test_the_loader_refuses_a_table_with_a_deep_template_as_a_table_error() -> None:
    table = compiler.compile_source(HEAD + '    say "ok"\n', "limits.bot").table
    assert table is not None
    say = next(step for step in table["steps"] if step["op"] == "say")
    say["args"]["text"] = "{{ " + " + ".join(["1"] * 499) + " }}"
    with pytest.raises(TableError, match="nested too deeply"):
        load_table(table)


def test_the_loader_refuses_a_pattern_of_too_many_forms() -> None:
    table = compiler.compile_source(HEAD + '    say "ok"\n', "limits.bot").table
    assert table is not None
    stars = [{"star": True}, {"text": " a "}] * 7 + [{"star": True}]
    table["triggers"]["patterns"][0]["pattern"] = stars
    with pytest.raises(TableError, match=f"more than {MAX_PATTERN_FORMS} forms"):
        load_table(table)


def test_deep_if_blocks_are_refused_before_jinja2_recurses() -> None:
    with pytest.raises(Exception, match="nested too deeply"):
        compile_template(ENV, "{% if a %}" * 400 + "{% endif %}" * 400)
