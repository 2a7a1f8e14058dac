"""Every node carries the span of its text: 1-based lines and columns, end exclusive."""

from __future__ import annotations

from botc.dsl import ast, parse

SOURCE = """\
dialog balance
    user says "balance"
    lookup: call Balance   # trailing
        on success -> show
    show: say "Your balance."
    signal {
        "a": 1
    }
    set total = a + 1   # comment
"""


def _dialog() -> ast.Dialog:
    (dialog,) = parse(SOURCE, "spans.bot").dialogs
    return dialog


def test_dialog_span_runs_from_its_keyword_to_the_end_of_its_last_step() -> None:
    assert _dialog().span == ast.Span(1, 1, 9, 22)


def test_name_span_covers_the_name() -> None:
    assert _dialog().name.span == ast.Span(1, 8, 1, 15)


def test_labelled_step_span_starts_at_its_label_and_ends_before_the_comment() -> None:
    call = _dialog().steps[0]
    assert call.span == ast.Span(3, 5, 4, 27)
    assert call.label is not None and call.label.span == ast.Span(3, 5, 3, 11)


def test_branch_and_target_spans() -> None:
    call = _dialog().steps[0]
    assert isinstance(call, ast.CallStep)
    (branch,) = call.branches
    assert branch.span == ast.Span(4, 9, 4, 27)
    assert branch.target.span == ast.Span(4, 23, 4, 27)


def test_string_span_includes_its_quotes() -> None:
    say = _dialog().steps[1]
    assert isinstance(say, ast.SayStep)
    assert say.text.span == ast.Span(5, 15, 5, 30)
    assert say.text.raw == '"Your balance."'


def test_json_span_covers_every_line_of_the_value() -> None:
    signal = _dialog().steps[2]
    assert isinstance(signal, ast.SignalStep)
    assert signal.payload.span == ast.Span(6, 12, 8, 6)
    assert signal.span == ast.Span(6, 5, 8, 6)


def test_expression_span_stops_before_blanks_and_comment() -> None:
    step = _dialog().steps[3]
    assert isinstance(step, ast.SetStep)
    assert step.expression.span == ast.Span(9, 17, 9, 22)


def test_trigger_span_covers_its_line() -> None:
    (trigger,) = _dialog().triggers
    assert trigger.span == ast.Span(2, 5, 2, 24)


def test_comment_spans() -> None:
    comments = parse(SOURCE, "spans.bot").comments
    assert [c.span for c in comments] == [ast.Span(3, 28, 3, 38), ast.Span(9, 25, 9, 34)]
