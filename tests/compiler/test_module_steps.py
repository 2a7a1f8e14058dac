"""Each step's parts are built once per compile and looked up by the step's identity."""

from __future__ import annotations

from botc.compiler.module_steps import module_steps
from botc.compiler.step_kinds import parts_of
from botc.compiler.template_sites import template_sites
from botc.dsl import parse
from botc.dsl.ast import AskStep, EndStep, SayStep, UploadStep

_TWO_EQUAL_SAYS = 'dialog a\n    on start\n    say "Hi"\n\ndialog b\n    say "Hi"\n'


def test_equal_steps_at_different_places_keep_their_own_spans() -> None:
    module = parse(_TWO_EQUAL_SAYS, "t.bot")
    first, second = (dialog.steps[0] for dialog in module.dialogs)
    assert first == second  # spans take no part in equality
    steps = module_steps(module)
    assert steps.parts(first).templates[0].span.line == 3
    assert steps.parts(second).templates[0].span.line == 6


def test_the_parts_are_those_parts_of_builds() -> None:
    module = parse(_TWO_EQUAL_SAYS, "t.bot")
    steps = module_steps(module)
    for dialog in module.dialogs:
        for step in dialog.steps:
            assert steps.parts(step) == parts_of(step)


def test_a_step_of_another_module_gets_its_parts_built_afresh() -> None:
    steps = module_steps(parse(_TWO_EQUAL_SAYS, "t.bot"))
    other = parse('dialog c\n    on start\n\n    say "Bye"\n', "u.bot").dialogs[0].steps[0]
    [text] = steps.parts(other).templates
    assert text.value == "Bye" and text.span.line == 4


def test_template_sites_mark_what_belongs_to_an_integration() -> None:
    module = parse(
        'integration Balance\n    api GET "https://x.test/{{ user.id }}"\n\n'
        'dialog a\n    on start\n    say "Hi {{ name }}"\n',
        "t.bot",
    )
    sites = template_sites(module)
    assert [(string.value, mine) for string, mine in sites.strings] == [
        ("https://x.test/{{ user.id }}", True),
        ("Hi {{ name }}", False),
    ]


_MIXED = (
    'dialog a\n    on start\n    say "Hi"\n    ask x "X?"\n    end\n\n'
    'dialog b\n    say "Bye"\n    ask y "Y?"\n'
)


def test_the_steps_of_one_kind_come_with_their_refs_in_file_order() -> None:
    steps = module_steps(parse(_MIXED, "t.bot"))
    assert [(ref, step.field.value) for ref, step in steps.of_kind(AskStep)] == [
        ((0, 1), "x"),
        ((1, 1), "y"),
    ]


def test_the_steps_of_several_kinds_are_merged_in_file_order() -> None:
    steps = module_steps(parse(_MIXED, "t.bot"))
    refs = [ref for ref, _ in steps.of_kinds(EndStep, SayStep, AskStep)]
    assert refs == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1)]


def test_a_kind_the_module_lacks_has_no_steps() -> None:
    assert list(module_steps(parse(_MIXED, "t.bot")).of_kind(UploadStep)) == []
