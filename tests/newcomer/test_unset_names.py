"""A template or expression reading a name nothing sets gets a warning naming the
closest field; names that are set, built in, or guarded by a default do not."""

from __future__ import annotations

import pytest

from botc.compiler.compile import compile_source

_DIALOG = 'dialog a\n    user says "a *"\n    ask account "Number?"\n'


def _warnings(steps: str) -> list[str]:
    return [d.message for d in compile_source(_DIALOG + steps, "a.bot").warnings]


def test_a_misspelled_field_warns_with_the_field_it_resembles() -> None:
    [warning] = compile_source(_DIALOG + '    say "{{ acount }}"\n', "a.bot").warnings
    assert warning.message.startswith("`acount` is never set in this file")
    assert warning.hint is not None and warning.hint.startswith("did you mean `account`?")
    assert (warning.span.line, warning.span.column) == (4, 13)


def test_a_misspelled_field_in_a_branch_condition_warns() -> None:
    assert _warnings('    ask n "?"\n        when acount == n -> end\n') == [
        "`acount` is never set in this file, so this fails at run time "
        "(the consumer gets the default response)"
    ]


@pytest.mark.parametrize(
    "template",
    [
        "{{ account }}",
        "{{ star[0] }} {{ user.message }} {{ event.type }} {{ context.skillId }}",
        "{{ botContext.x }}",
        "{{ nick | default('there') }}",
        "{{ title if title is defined else '' }}",
        "{$botContext.x} {account}",
    ],
)
def test_names_that_are_set_built_in_or_guarded_do_not_warn(template: str) -> None:
    assert _warnings(f'    say "{template}"\n') == []


def test_a_field_set_later_in_another_dialog_does_not_warn() -> None:
    text = 'dialog a\n    user says "a"\n    say "{{ total }}"\n\n'
    text += "dialog b\n    on start\n    set total = 3\n"
    assert compile_source(text, "a.bot").warnings == ()
