"""Duplicate and undefined names (compiler.checks.duplicates, compiler.checks.references)."""

from collections.abc import Callable

from botc.compiler import CompileResult

CompileText = Callable[..., CompileResult]


def test_duplicate_dialog_points_at_the_second_with_the_first_line(
    compile_text: CompileText,
) -> None:
    result = compile_text(
        """
        dialog a
            on start
            say "x"
        dialog a
            user says "a"
            say "y"
        """
    )
    [error] = result.errors
    assert error.message == "duplicate dialog `a`"
    assert (error.span.line, error.span.column) == (4, 8)
    assert error.hint is not None and "line 1" in error.hint
    assert result.table is None


def test_duplicate_integration_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        integration A
            api GET "http://127.0.0.1/a"
        integration A
            api GET "http://127.0.0.1/b"
        """
    )
    [error] = result.errors
    assert error.message == "duplicate integration `A`"
    assert error.span.line == 3


def test_duplicate_function_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        function f "uuid-1"
        function f "uuid-2"
        """
    )
    [error] = result.errors
    assert (error.message, error.span.line) == ("duplicate function `f`", 2)


def test_duplicate_label_within_a_dialog_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            here: say "one"
            here: say "two"
        """
    )
    [error] = result.errors
    assert error.message == "duplicate label `here` in dialog `a`"
    assert (error.span.line, error.span.column) == (4, 5)


def test_same_label_in_two_dialogs_is_fine(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            here: say "one"
        dialog b
            user says "b"
            here: say "two"
        """
    )
    assert result.errors == ()


def test_duplicate_test_name_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            say "x"
        test "t"
            start
        test "t"
            start
        """
    )
    [error] = result.errors
    assert (error.message, error.span.line) == ("duplicate test `t`", 6)


def test_goto_to_an_undefined_label_suggests_a_close_one(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            goto finsh
            finish: say "done"
        """
    )
    [error] = result.errors
    assert error.message == "no label `finsh` in dialog `a`"
    assert (error.span.line, error.span.column) == (3, 10)
    assert error.hint == "did you mean `finish`?"


def test_branch_to_an_undefined_dialog_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            ask x "Question?"
                otherwise -> dialog nowhere
        """
    )
    [error] = result.errors
    assert error.message == "no dialog named `nowhere`"
    assert error.span.line == 4


def test_call_of_an_undefined_integration_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            call Missing
        """
    )
    [error] = result.errors
    assert error.message == "no integration named `Missing`"
    assert (error.span.line, error.span.column) == (3, 10)


def test_call_of_a_function_says_to_invoke_it(compile_text: CompileText) -> None:
    result = compile_text(
        """
        function recommend "4f9c233a-e7e6-4af3-b680-59ba20ab8962"
        dialog a
            on start
            call recommend
        """
    )
    [error] = result.errors
    assert "is a function" in error.message
    assert error.hint == "use `invoke recommend` to invoke a function"


def test_invoke_of_an_integration_says_to_call_it(compile_text: CompileText) -> None:
    result = compile_text(
        """
        integration Balance
            api GET "http://127.0.0.1/b"
        dialog a
            on start
            invoke Balance
        """
    )
    [error] = result.errors
    assert "is an integration" in error.message
    assert error.hint == "use `call Balance` to call an integration"


def test_test_line_naming_an_unknown_integration_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            say "x"
        test "t"
            start
            Nope fails
        """
    )
    [error] = result.errors
    assert error.message == "no integration named `Nope`"
    assert error.span.line == 6


def test_expect_invoke_of_an_unknown_function_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            say "x"
        test "t"
            start
            expect invoke ghost
        """
    )
    [error] = result.errors
    assert error.message == "no function named `ghost`"


def test_independent_errors_are_all_reported_sorted(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            call Missing
            goto nowhere
        dialog a
            user says "x"
            say "x"
        """
    )
    assert [e.span.line for e in result.errors] == [3, 4, 5]


def test_goto_a_label_of_another_dialog_suggests_goto_dialog(compile_text: CompileText) -> None:
    result = compile_text("""
    dialog d
        user says "hi"
        goto b

    dialog other
        user says "other"
        b: say "b"
    """)
    [error] = result.errors
    assert error.message == "no label `b` in dialog `d`"
    assert error.hint is not None and "`b` is a label of dialog `other`" in error.hint
    assert "write `goto dialog other`" in error.hint
