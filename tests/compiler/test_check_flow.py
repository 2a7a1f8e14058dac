"""Uploads paired with file calls, one action per response, loops with no wait
(compiler.checks.uploads, .actions, .loops)."""

from collections.abc import Callable

from botc.compiler import CompileResult

CompileText = Callable[..., CompileResult]

_INTEGRATIONS = """
integration Docs
    file POST "http://127.0.0.1/upload"
integration Api
    api GET "http://127.0.0.1/api"
"""


def test_upload_must_be_followed_by_file_call(compile_text: CompileText) -> None:
    result = compile_text(
        _INTEGRATIONS
        + """
dialog a
    on start
    upload "Send your ID"
    say "thanks"
"""
    )
    [error] = result.errors
    assert error.message == "an `upload` must be followed by a `call`"
    assert error.span.line == 8
    assert error.hint is not None and "file" in error.hint


def test_upload_followed_by_call_of_api_integration_is_an_error(
    compile_text: CompileText,
) -> None:
    result = compile_text(
        _INTEGRATIONS
        + """
dialog a
    on start
    upload "Send your ID"
    call Api
"""
    )
    [error] = result.errors
    assert "`Api` is an `api` integration" in error.message
    assert (error.span.line, error.span.column) == (9, 10)


def test_file_integration_called_without_upload_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        _INTEGRATIONS
        + """
dialog a
    on start
    say "hi"
    call Docs
"""
    )
    [error] = result.errors
    assert "can only be called right after an `upload`" in error.message
    assert error.hint == 'put an `upload "..."` step just before this `call`'
    assert error.span.line == 9


def test_upload_then_file_call_is_accepted(compile_text: CompileText) -> None:
    result = compile_text(
        _INTEGRATIONS
        + """
dialog a
    on start
    upload "Send your ID"
        accept pdf, png
    call Docs
    say "Got it"
"""
    )
    assert result.errors == ()


def test_two_actions_in_a_row_report_the_second_pointing_at_the_first(
    compile_text: CompileText,
) -> None:
    result = compile_text(
        """
        dialog a
            on start
            escalate to skill 12
            say "bye"
            close
        """
    )
    [error] = result.errors
    assert error.span.line == 5
    assert "`close`" in error.message and "`escalate` at line 3" in error.message
    assert error.hint == "put an `ask` between them or move one to another dialog"


def test_an_ask_between_two_actions_separates_the_responses(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            priority urgent
            ask x "Anything else?"
            close
        """
    )
    assert result.errors == ()


def test_actions_reached_through_call_branches_and_goto_dialog_are_found(
    compile_text: CompileText,
) -> None:
    result = compile_text(
        """
        integration Api
            api GET "http://127.0.0.1/api"
        dialog a
            on start
            invoke f
            call Api
                on failure -> dialog b
        dialog b
            user says "b"
            say "sorry"
            close without survey
        function f "uuid"
        """
    )
    [error] = result.errors
    assert error.span.line == 11
    assert "`invoke` at line 5" in error.message


def test_actions_on_separate_branches_are_fine(compile_text: CompileText) -> None:
    result = compile_text(
        """
        integration Api
            api GET "http://127.0.0.1/api"
        dialog a
            on start
            call Api
                on success -> ok
                on failure -> bad
            ok: close
            end
            bad: escalate to skill 5
        """
    )
    assert result.errors == ()


def test_goto_loop_without_a_wait_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            top: say "again"
            goto top
        """
    )
    [error] = result.errors
    assert error.message.startswith("this loop can run forever")
    assert "lines 3, 4" in error.message
    assert error.span.line == 3
    assert error.hint == "put an `ask` in the loop, or give it a way out that ends the dialog"


def test_a_goto_to_itself_is_a_loop_without_a_wait(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            say "hi"
            top: goto top
        """
    )
    [error] = result.errors
    assert error.message.startswith("this loop can run forever")
    assert error.span.line == 4


def test_loop_through_an_ask_is_fine(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            top: ask n "Number?"
                when answer is number -> done
            goto top
            done: say "thanks"
        """
    )
    assert result.errors == ()


def test_loop_across_dialogs_without_a_wait_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            goto dialog b
        dialog b
            user says "b"
            goto dialog a
        """
    )
    assert [e.message.startswith("this loop can run forever") for e in result.errors] == [True]
