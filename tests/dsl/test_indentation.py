"""Blocks by indentation: spaces only, dedents to an enclosing level, brackets span lines."""

from __future__ import annotations

import pytest

from botc.dsl import BotSyntaxError, ast, parse


def _errors(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(BotSyntaxError) as caught:
        parse(text, "layout.bot")
    return [(d.span.line, d.span.column, d.message) for d in caught.value.diagnostics]


def test_tab_in_indentation_is_an_error_at_the_tab() -> None:
    assert _errors('dialog a\n  \tsay "x"\n') == [(2, 3, "a tab in the indentation")]


def test_each_tab_indented_line_is_reported() -> None:
    errors = _errors('dialog a\n\ton start\n\tsay "x"\n')
    assert [(line, column) for line, column, _ in errors] == [(2, 1), (3, 1)]


def test_tab_between_words_is_only_a_blank() -> None:
    (dialog,) = parse('dialog a\n    say\t"x"\n', "t.bot").dialogs
    assert isinstance(dialog.steps[0], ast.SayStep)


def test_dedent_between_two_levels_has_its_own_message() -> None:
    errors = _errors('dialog a\n    ask x "?"\n        otherwise -> next\n      end\n')
    assert errors == [(4, 1, "this line's indentation matches no enclosing block")]


def test_any_consistent_indent_width_makes_a_block() -> None:
    (dialog,) = parse('dialog a\n  on start\n  say "x"\n    quick replies "y"\n', "t.bot").dialogs
    assert dialog.steps[0] == ast.SayStep(
        ast.Str("x", "", dialog.span),
        False,
        ast.MessageOptions(quick_replies=(ast.Str("y", "", dialog.span),)),
        None,
        dialog.span,
    )


def test_newlines_inside_brackets_do_not_end_the_statement() -> None:
    text = 'dialog a\n    on start\n    signal [\n1,\n        {"k":\n  2}\n]\n    end\n'
    (dialog,) = parse(text, "t.bot").dialogs
    assert [type(step) for step in dialog.steps] == [ast.SignalStep, ast.EndStep]


def test_unclosed_bracket_is_reported_at_the_bracket() -> None:
    assert _errors("dialog a\n    signal [1, 2\n") == [(2, 12, "this `[` is never closed")]


def test_comment_lines_at_any_indentation_do_not_open_or_close_blocks() -> None:
    text = 'dialog a\n# left\n    on start\n            # far right\n    say "x"\n'
    (dialog,) = parse(text, "t.bot").dialogs
    assert len(dialog.steps) == 1
