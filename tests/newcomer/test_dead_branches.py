"""Branches an earlier branch always pre-empts, and tests with no lines, get warnings."""

from __future__ import annotations

from botc.compiler.compile import compile_source
from botc.dsl.diagnostics import Diagnostic

_ASK = 'dialog a\n    user says "a"\n    ask x "?"\n'
_CALL = (
    'integration W\n    api GET "http://127.0.0.1/"\n\ndialog a\n    user says "a"\n    call W\n'
)


def _dead_branches(text: str) -> list[Diagnostic]:
    """The never-taken-branch warnings alone (these little bots are silent in other ways)."""
    return [w for w in compile_source(text, "a.bot").warnings if w.code == "BOT404"]


def test_a_branch_after_otherwise_warns_on_it() -> None:
    text = _ASK + '        otherwise -> end\n        when answer == "y" -> end\n'
    [warning] = compile_source(text, "a.bot").warnings
    assert warning.message.startswith("this branch is never taken: the `otherwise` at line 4")
    assert (warning.span.line, warning.span.column) == (5, 9)


def test_otherwise_as_the_last_branch_does_not_warn() -> None:
    text = _ASK + '        when answer == "y" -> end\n        otherwise -> end\n'
    assert compile_source(text, "a.bot").warnings == ()


def test_a_second_on_success_warns() -> None:
    text = _CALL + "        on success -> end\n        on success -> next\n"
    [warning] = _dead_branches(text)
    assert "the `on success` at line 7 is tried first" in warning.message


def test_a_when_between_outcomes_does_not_warn() -> None:
    text = (
        _CALL
        + "        on success -> end\n"
        + "        when W.status == 404 -> end\n"
        + "        on failure -> end\n"
    )
    assert _dead_branches(text) == []


def test_a_test_with_no_lines_warns_on_its_name() -> None:
    text = 'dialog a\n    user says "a"\n    say "b"\n\ntest "nothing"\n'
    [warning] = compile_source(text, "a.bot").warnings
    assert warning.message.startswith('test "nothing" has no lines')
    assert (warning.span.line, warning.span.column) == (5, 6)


def test_a_branch_after_both_outcomes_warns_on_it() -> None:
    text = (
        _CALL
        + "        on failure -> end\n"
        + "        on success -> next\n"
        + "        when W.status == 404 -> end\n"
    )
    [warning] = _dead_branches(text)
    assert warning.message == (
        "this branch is never taken: `on success` (line 8) and `on failure` (line 7)"
        " take every result"
    )
    assert (warning.span.line, warning.span.column) == (9, 9)


def test_a_text_compared_again_among_thousands_warns_at_the_repeat() -> None:
    whens = "".join(f'        when answer == "{i}" -> end\n' for i in range(5000))
    text = _ASK + whens + '        when answer == "4321" -> end\n        otherwise -> end\n'
    [warning] = _dead_branches(text)
    assert warning.span.line == 3 + 5000 + 1
    assert warning.message == (
        "this branch is never taken: every answer it takes is taken first by the `when` at "
        f"line {3 + 4321 + 1}"
    )


def test_a_text_an_earlier_regex_takes_warns() -> None:
    text = _ASK + (
        '        when answer is matching("[0-9]+") -> end\n'
        '        when answer == "42" -> end\n'
        "        otherwise -> end\n"
    )
    [warning] = _dead_branches(text)
    assert warning.span.line == 5
    assert warning.message.endswith("taken first by the `when` at line 4")


def test_a_text_no_earlier_branch_takes_does_not_warn() -> None:
    text = _ASK + (
        '        when answer is matching("[0-9]+") -> end\n'
        '        when answer == "4 2" -> end\n'
        '        when answer == "42x" -> end\n'
        "        otherwise -> end\n"
    )
    assert _dead_branches(text) == []
