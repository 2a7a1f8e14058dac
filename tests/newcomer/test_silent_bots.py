"""A bot that could never answer gets a warning: an empty file, a dialog with no step."""

from __future__ import annotations

from botc.compiler.compile import compile_source


def test_an_empty_file_warns_that_it_declares_no_dialog() -> None:
    [warning] = compile_source("", "empty.bot").warnings
    assert warning.message.startswith("this file declares no dialog")
    assert (warning.span.line, warning.span.column) == (1, 1)


def test_a_file_with_only_a_bot_block_warns_that_it_declares_no_dialog() -> None:
    [warning] = compile_source('bot "T"\n    default response "x"\n', "t.bot").warnings
    assert warning.message.startswith("this file declares no dialog")


def test_a_file_of_integrations_alone_does_not_warn() -> None:
    text = 'integration A\n    api GET "http://127.0.0.1/"\n'
    assert compile_source(text, "a.bot").diagnostics == ()


def test_a_dialog_with_no_steps_warns_on_its_name() -> None:
    text = 'dialog quiet\n    user says "hi"\n\ndialog b\n    on start\n    say "b"\n'
    [warning] = compile_source(text, "q.bot").warnings
    assert warning.message.startswith("dialog `quiet` has no steps")
    assert (warning.span.line, warning.span.column) == (1, 8)
