"""Templates, expressions, cards and patterns (compiler.checks.template_syntax, .cards,
.pattern_syntax)."""

import json
from collections.abc import Callable

from botc.compiler import CompileResult

CompileText = Callable[..., CompileResult]


def test_template_error_caret_is_on_the_offending_character(compile_text: CompileText) -> None:
    result = compile_text('dialog a\n    on start\n    say "Hi {{ name name }}"\n')
    [error] = result.errors
    assert error.message.startswith("this template cannot be parsed")
    # `    say "Hi {{ name ` is 20 characters: the second `name` is column 21.
    assert (error.span.line, error.span.column) == (3, 21)
    assert error.hint == "check the `{{ ... }}` blocks: each holds one Jinja2 expression"


def test_template_caret_accounts_for_escapes(compile_text: CompileText) -> None:
    result = compile_text('dialog a\n    on start\n    say "\\"Hi\\" {{ a $ }}"\n')
    [error] = result.errors
    source_line = '    say "\\"Hi\\" {{ a $ }}"'
    assert source_line[error.span.column - 1] == "$"


def test_expression_error_is_reported_in_the_branch(compile_text: CompileText) -> None:
    result = compile_text(
        'dialog a\n    on start\n    ask x "?"\n        when answer == -> done\n    done: end\n'
    )
    [error] = result.errors
    assert error.message.startswith("this expression cannot be parsed")
    assert (error.span.line, error.span.column) == (4, 21)


def test_card_breaking_pollock_rules_names_the_json_path(compile_text: CompileText) -> None:
    result = compile_text(
        'dialog a\n    on start\n    card {"type": "vertical", "elements": [{"type": "text"}]}\n'
    )
    [error] = result.errors
    assert "$.elements[0]" in error.message
    assert error.hint == "see the json-pollock schema for the element at that path"
    assert (error.span.line, error.span.column) == (3, 5)


def test_card_file_missing_is_an_error(compile_text: CompileText) -> None:
    result = compile_text('dialog a\n    on start\n    card file "nope.json"\n')
    [error] = result.errors
    assert "does not exist" in error.message
    assert error.hint == "the path is relative to the folder of the .bot file"
    assert (error.span.line, error.span.column) == (3, 15)


def test_card_file_that_is_not_json_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        'dialog a\n    on start\n    card file "card.json"\n', files={"card.json": "{oops"}
    )
    [error] = result.errors
    assert "is not JSON" in error.message


def test_card_file_is_inlined_relative_to_the_bot_file(compile_text: CompileText) -> None:
    card = {"type": "vertical", "elements": [{"type": "text", "text": "Hi {$userMessage}"}]}
    result = compile_text(
        'dialog a\n    on start\n    card file "card.json"\n', files={"card.json": json.dumps(card)}
    )
    assert result.table is not None
    content = result.table["steps"][0]["args"]["content"]
    assert content["elements"][0]["text"] == "Hi {{ user.message }}"


def test_unbalanced_pattern_points_at_the_bracket(compile_text: CompileText) -> None:
    result = compile_text('dialog a\n    user says "hi", "(yes|no"\n    say "x"\n')
    [error] = result.errors
    assert "never closed" in error.message
    assert (error.span.line, error.span.column) == (2, 22)
    assert error.hint == "patterns use `*`, `(a|b)`, `[optional]` or a whole `/regex/`"


def test_bad_regex_pattern_is_an_error(compile_text: CompileText) -> None:
    result = compile_text('dialog a\n    user says "/[0-9/"\n    say "x"\n')
    [error] = result.errors
    assert error.message.startswith("bad pattern: bad regular expression")
    assert error.span.line == 2


def test_secret_read_outside_an_integration_warns(compile_text: CompileText) -> None:
    result = compile_text('dialog a\n    on start\n    say "token {{ secret.TOKEN }}"\n')
    [error] = result.warnings
    assert error.message == (
        "`secret` is only defined in integrations; this step will fail at run time"
    )
    assert (error.span.line, error.span.column) == (3, 9)
    assert error.hint == "read secrets only in an integration's url, headers or body"


def test_secret_in_an_integration_header_is_fine(compile_text: CompileText) -> None:
    result = compile_text(
        'integration A\n    api GET "http://127.0.0.1/"\n'
        '    header "Authorization" "Bearer {{ secret.TOKEN }}"\n'
    )
    assert result.diagnostics == ()


def test_secret_in_a_set_expression_warns(compile_text: CompileText) -> None:
    result = compile_text('dialog a\n    on start\n    set leaked = secret.TOKEN\n')
    [warning] = result.warnings
    assert warning.span.line == 3


def test_upper_case_letter_in_a_regex_pattern_warns(compile_text: CompileText) -> None:
    result = compile_text('dialog a\n    user says "/^order [A-Z]+$/"\n    say "x"\n')
    [warning] = result.warnings
    assert "lower case" in warning.message
    assert (warning.span.line, warning.span.column) == (2, 25)
    assert warning.hint == "write the regex in lower case, or add (?i) at its start"


def test_regex_escapes_group_names_and_ignorecase_do_not_warn(
    compile_text: CompileText,
) -> None:
    result = compile_text(
        'dialog a\n    user says "/^(?P<Num>\\\\d+)\\\\S*$/", "/(?i)^ORDER$/"\n    say "x"\n'
    )
    assert result.diagnostics == ()
