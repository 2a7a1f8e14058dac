"""Warnings: unreachable steps, dialogs nothing starts, patterns that never win."""

from collections.abc import Callable

from botc.compiler import CompileResult

CompileText = Callable[..., CompileResult]


def test_step_after_end_is_unreachable(compile_text: CompileText) -> None:
    result = compile_text('dialog a\n    on start\n    end\n    say "never"\n    say "nor"\n')
    [warning] = result.warnings
    assert warning.message == "this step can never run"
    assert warning.hint is not None and "delete it" in warning.hint
    assert warning.span.line == 4
    assert result.table is not None


def test_labelled_step_after_goto_is_reachable_when_jumped_to(compile_text: CompileText) -> None:
    result = compile_text(
        'dialog a\n    on start\n    goto b\n    say "skipped"\n    b: say "x"\n'
    )
    assert [w.span.line for w in result.warnings] == [4]


def test_dialog_with_no_trigger_and_no_entry_warns(compile_text: CompileText) -> None:
    result = compile_text('dialog lonely\n    say "x"\n')
    [warning] = result.warnings
    assert "has no trigger and nothing starts it" in warning.message
    assert (warning.span.line, warning.span.column) == (1, 8)


def test_dialog_entered_by_goto_dialog_does_not_warn(compile_text: CompileText) -> None:
    result = compile_text('dialog a\n    on start\n    goto dialog b\ndialog b\n    say "x"\n')
    assert result.warnings == ()


def test_same_normalized_pattern_later_never_wins(compile_text: CompileText) -> None:
    result = compile_text(
        'dialog a\n    user says "Hello!"\n    say "a"\ndialog b\n    user says "hello"\n'
        '    say "b"\n'
    )
    [warning] = result.warnings
    assert warning.span.line == 5
    assert "line 2 of dialog `a`" in warning.message
    assert warning.hint == "delete one of them, or make this one more specific"


def test_pattern_shadowed_only_through_excludes_still_can_win(
    compile_text: CompileText,
) -> None:
    result = compile_text(
        'dialog a\n    user says "hello" except "bye"\n    say "a"\n'
        'dialog b\n    user says "hello"\n    say "b"\n'
    )
    assert result.warnings == ()


def test_a_pattern_every_text_of_which_several_take_names_the_best_ranked_of_them(
    compile_text: CompileText,
) -> None:
    result = compile_text(
        'dialog wide\n    user says "* card *"\n    say "a"\n'
        'dialog narrow\n    user says "* block * card *"\n    say "b"\n'
        'dialog late\n    user says "/please block my card ([0-9]{4})/"\n    say "c"\n'
    )
    [warning] = [w for w in result.warnings if w.span.line == 8]
    assert '"* block * card *" (line 5, dialog `narrow`)' in warning.message


def test_clean_file_has_no_diagnostics(compile_text: CompileText) -> None:
    result = compile_text(
        """
        bot "B"
            default response "Oops"
        dialog welcome
            on start
            say "Hi {$botContext.name}"
        dialog help
            user says "help", "* help *"
            ask topic "Which topic?"
                quick replies "Billing", "Other"
                when answer == "Billing" -> billing
                otherwise -> other
            billing: escalate to skill 12
            end
            other: say "See our site."
        """
    )
    assert result.diagnostics == ()
    assert result.table is not None


def test_step_after_a_call_with_on_success_is_unreachable(compile_text: CompileText) -> None:
    # A success takes its branch and an unhandled failure ends the dialog (LANGUAGE.md 5.3).
    result = compile_text(
        'integration Api\n    api GET "http://127.0.0.1/"\n'
        'dialog a\n    on start\n    call Api\n        on success -> done\n'
        '    say "failed"\n    done: say "ok"\n'
    )
    [warning] = [w for w in result.warnings if w.code == "BOT403"]
    assert (warning.message, warning.span.line) == ("this step can never run", 7)


def test_step_after_a_call_without_on_success_is_reachable(compile_text: CompileText) -> None:
    result = compile_text(
        'integration Api\n    api GET "http://127.0.0.1/"\n'
        'dialog a\n    on start\n    call Api\n        on failure -> done\n'
        '    say "ok"\n    done: say "sorry"\n'
    )
    assert result.warnings == ()
