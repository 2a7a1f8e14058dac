"""Recovery by text: a broken statement is set aside and every other line keeps its place."""

from __future__ import annotations

import pytest

from botc.dsl import BotSyntaxError, parse
from botc.dsl.parser import MAX_ERRORS
from botc.dsl.recovery import declaration_blocks, set_aside

DIALOG = 'dialog a\n    on start\n    say hi\n        quick replies "x"\n    end\n'


def test_a_broken_step_is_replaced_by_a_stand_in_and_its_options_blanked() -> None:
    text = 'dialog a\n    on start\n    end\n    say hi\n        quick replies "x"\n    end\n'
    assert set_aside(text, 4) == "dialog a\n    on start\n    end\n    end\n\n    end\n"


def test_a_broken_line_among_triggers_is_replaced_by_a_trigger() -> None:
    assert set_aside(DIALOG, 3) == "dialog a\n    on start\n    on signal\n\n    end\n"


def test_a_broken_line_after_the_intent_is_replaced_by_a_step() -> None:
    text = 'dialog a\n    on start\n    intent "i" "d"\n    say hi\n'
    assert set_aside(text, 4) == 'dialog a\n    on start\n    intent "i" "d"\n    end\n'


def test_a_broken_trigger_is_replaced_by_a_trigger() -> None:
    text = 'dialog a\n    user says hi\n    say "x"\n'
    assert set_aside(text, 2) == 'dialog a\n    on signal\n    say "x"\n'


def test_a_broken_integration_line_is_replaced_by_a_harmless_header() -> None:
    text = 'integration I\n    api GET "u"\n    timeout soon\n'
    assert set_aside(text, 3) == 'integration I\n    api GET "u"\n    header "" ""\n'


def test_a_broken_declaration_header_takes_its_block_with_it() -> None:
    assert set_aside(DIALOG + "dialog b\n", 1) == "\n\n\n\n\ndialog b\n"


def test_a_statement_with_json_over_several_lines_is_set_aside_whole() -> None:
    text = 'dialog a\n    signal {\n    "a": 1,,\n    }\n    end\n'
    assert set_aside(text, 2) == "dialog a\n    on signal\n\n\n    end\n"


def test_blank_line_is_left_as_it_is() -> None:
    assert set_aside(DIALOG, 99) == DIALOG


def test_declaration_blocks_keep_their_line_numbers() -> None:
    text = '# c\ndialog a\n    end\nfunction f "u"\n'
    assert declaration_blocks(text) == [
        "# c\ndialog a",
        '\ndialog a\n    end\nfunction f "u"',
        '\n\n\nfunction f "u"\n',
    ]


def test_declaration_block_borrows_a_complete_integration_header() -> None:
    (first, _) = declaration_blocks("dialog a\nintegration I\n")
    assert first == 'dialog a\nintegration I\n    api GET ""'


def test_errors_past_the_cap_are_not_reported() -> None:
    text = "".join(f"dialog d{n}\n    say broken\n" for n in range(MAX_ERRORS + 10))
    with pytest.raises(BotSyntaxError) as caught:
        parse(text, "many.bot")
    assert len(caught.value.diagnostics) == MAX_ERRORS


def test_the_same_error_is_not_reported_twice_by_two_blocks() -> None:
    text = "dialog a\n    say x\ndialog 12\n    on start\n"
    with pytest.raises(BotSyntaxError) as caught:
        parse(text, "twice.bot")
    assert [(d.span.line, d.span.column) for d in caught.value.diagnostics] == [(2, 9), (3, 8)]
