"""Each hand-broken file under tests/bots/syntax gets its own worded error at its place.

A fixture states what it expects in its first lines: `# expect LINE:COLUMN words`, one
line per error, in file order; `words` must appear in the message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from botc.compiler.cli import main
from botc.dsl import BotSyntaxError, parse, render
from botc.dsl.diagnostics import Diagnostic
from botc.dsl.misplaced_lines import closest_keyword, edit_distance

SYNTAX = Path(__file__).parents[1] / "bots" / "syntax"
FIXTURES = sorted(SYNTAX.glob("*.bot"))
EXPECT = re.compile(r"^\s*# expect (\d+):(\d+) (.+)$", re.MULTILINE)

# Names from inside lark or the grammar that an author must never see.
INTERNAL_WORDS = ("__ANON", "_NL", "$END", "_INDENT", "_DEDENT", "Token(", "Traceback", "EXPR")


def _expectations(text: str) -> list[tuple[int, int, str]]:
    return [(int(line), int(column), words) for line, column, words in EXPECT.findall(text)]


def _diagnostics(path: Path) -> BotSyntaxError:
    with pytest.raises(BotSyntaxError) as caught:
        parse(path.read_text(encoding="utf-8"), path.name)
    return caught.value


def test_there_are_at_least_twenty_broken_fixtures() -> None:
    assert len(FIXTURES) >= 20
    assert all(_expectations(path.read_text(encoding="utf-8")) for path in FIXTURES)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_broken_file_is_reported_at_its_line_and_column_in_authors_words(path: Path) -> None:
    expected = _expectations(path.read_text(encoding="utf-8"))
    found = [(d.span.line, d.span.column, d.message) for d in _diagnostics(path).diagnostics]
    assert [(line, column) for line, column, _ in found] == [
        (line, column) for line, column, _ in expected
    ], found
    for (_, _, message), (_, _, words) in zip(found, expected, strict=True):
        assert words in message


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_rendered_error_never_shows_parser_internals(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    rendered = "\n".join(render(d, source) for d in _diagnostics(path).diagnostics)
    assert rendered.startswith(f"{path.name}:")
    for word in INTERNAL_WORDS:
        assert word not in rendered


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_botc_fmt_reports_a_broken_file_with_exit_code_2_and_no_traceback(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = path.read_bytes()
    code = main(["fmt", "--check", str(path)])
    captured = capsys.readouterr()
    assert code == 2
    assert f"{path}:" in captured.err
    assert "Traceback" not in captured.err
    assert path.read_bytes() == before


def test_hint_shows_the_say_written_with_quotes() -> None:
    error = _diagnostics(SYNTAX / "say_without_quotes.bot").diagnostics[0]
    assert error.hint == 'write it as `say "hello there"`'


def test_tab_in_indentation_has_its_own_message_and_hint() -> None:
    error = _diagnostics(SYNTAX / "tab_in_indentation.bot").diagnostics[0]
    assert error.message == "a tab in the indentation"
    assert error.hint is not None and "spaces" in error.hint


def test_errors_in_several_declarations_are_all_reported_in_order() -> None:
    diagnostics = _diagnostics(SYNTAX / "several_errors.bot").diagnostics
    assert [d.span.line for d in diagnostics] == [5, 9, 12]


def test_two_broken_statements_in_one_dialog_are_both_reported() -> None:
    source = 'dialog a\n    on start\n    say hi\n    say "fine"\n    pause soon\n'
    with pytest.raises(BotSyntaxError) as caught:
        parse(source, "two.bot")
    assert [(d.span.line, d.span.column) for d in caught.value.diagnostics] == [(3, 9), (5, 11)]


def test_steps_written_without_indentation_are_each_reported_as_outside_a_dialog() -> None:
    source = 'dialog a\nsay "one"\nsay "two"\n'
    with pytest.raises(BotSyntaxError) as caught:
        parse(source, "flat.bot")
    messages = [d.message for d in caught.value.diagnostics]
    assert messages == ["`say` is a step, so it belongs inside a dialog"] * 2


def test_error_inside_json_over_several_lines_does_not_hide_the_next_statement() -> None:
    source = (
        'dialog a\n    on start\n    signal {\n        "a": [1,\n          2,,]\n    }\n    say x\n'
    )
    with pytest.raises(BotSyntaxError) as caught:
        parse(source, "json.bot")
    assert [(d.span.line, d.span.column) for d in caught.value.diagnostics] == [(5, 13), (7, 9)]


def _first_error(source: str) -> Diagnostic:
    with pytest.raises(BotSyntaxError) as caught:
        parse(source, "x.bot")
    return caught.value.diagnostics[0]


def test_colon_after_a_dialog_name_is_reported_at_the_colon() -> None:
    error = _first_error('dialog hi:\n    user says "hello"\n')
    assert (error.span.line, error.span.column) == (1, 10)
    assert error.message == "a dialog name is not followed by `:`"
    assert error.hint == "write `dialog hi`, with its lines indented under it"


def test_colon_after_a_step_says_the_line_does_not_end_with_a_colon() -> None:
    error = _first_error('dialog hi\n    user says "a"\n    call Balance:\n')
    assert (error.span.line, error.span.column) == (3, 17)
    assert error.message == "a `call` line does not end with `:`"


def test_call_branch_under_a_say_names_what_a_say_takes() -> None:
    error = _first_error('dialog hi\n    user says "a"\n    say "What?"\n        on success -> x\n')
    assert (error.span.line, error.span.column, error.span.end_column) == (4, 9, 19)
    assert error.message.startswith("`on success` is a branch of a `call`; a `say` takes only")
    assert "`quick replies`" in error.message
    assert error.hint is not None and "call Balance" in error.hint


def test_otherwise_under_a_call_says_it_belongs_to_an_ask() -> None:
    error = _first_error('dialog hi\n    user says "a"\n    call X\n        otherwise -> end\n')
    assert error.message.startswith("`otherwise` is a branch of an `ask`; a `call` takes only")


def test_branch_under_a_step_that_opens_no_block_is_worded_as_a_branch() -> None:
    error = _first_error('dialog hi\n    user says "a"\n    pause 2s\n        when x -> end\n')
    assert (error.span.line, error.span.column) == (4, 9)
    assert error.message == (
        "`when` is a branch of an `ask` or a `call`; a `pause` takes no lines under it"
    )


def test_trigger_after_a_step_says_triggers_come_first() -> None:
    error = _first_error('dialog hi\n    say "Hi"\n    user says "hello"\n')
    assert (error.span.line, error.span.column) == (3, 5)
    assert error.message == "triggers come before the steps of a dialog"
    assert error.hint == "move this line up, under `dialog hi`, with the other triggers"


def test_on_event_indented_under_a_step_says_triggers_come_first() -> None:
    error = _first_error('dialog hi\n    say "Hi"\n        on start\n')
    assert error.message == "triggers come before the steps of a dialog"


def test_trigger_after_the_intent_says_triggers_come_before_it() -> None:
    error = _first_error('dialog hi\n    intent "a" "A"\n    user says "hello"\n    end\n')
    assert error.message == "triggers come before the `intent` line of a dialog"


def test_intent_after_a_step_says_it_comes_before_the_steps() -> None:
    error = _first_error('dialog hi\n    user says "a"\n    say "Hi"\n    intent "a" "A"\n')
    assert error.message == "the `intent` line comes before the steps of a dialog"


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("dialg hi", "did you mean `dialog`?"),
        ("integraton Balance", "did you mean `integration`?"),
        ("Dialog hi", "keywords are lower case: write `dialog`"),
        ("// greeting", "comments start with `#`: write `# ...`"),
    ],
)
def test_unknown_word_at_the_top_level_gets_a_hint_for_the_likely_fix(line: str, hint: str) -> None:
    error = _first_error(f'{line}\n    user says "hello"\n')
    assert error.message.startswith("expected a declaration")
    assert error.hint == hint


def test_unrelated_word_at_the_top_level_suggests_no_keyword() -> None:
    error = _first_error('banana hi\n    user says "hello"\n')
    assert error.hint is not None and "did you mean" not in error.hint


@pytest.mark.parametrize(
    ("word", "hint_start"),
    [("sya", "did you mean `say`?"), ("Say", "keywords are lower case: write `say`")],
)
def test_misspelled_step_suggests_the_step(word: str, hint_start: str) -> None:
    error = _first_error(f'dialog hi\n    user says "a"\n    {word} "Hi"\n')
    assert error.message == f"`{word}` is not a step"
    assert error.hint is not None and error.hint.startswith(hint_start)


@pytest.mark.parametrize(
    ("word", "meant"),
    [("dialg", "dialog"), ("dilaog", "dialog"), ("tset", "test"), ("bto", "bot"), ("foo", None)],
)
def test_closest_keyword_allows_a_typo_or_two(word: str, meant: str | None) -> None:
    assert closest_keyword(word, ("bot", "integration", "function", "dialog", "test")) == meant


@given(st.text(alphabet="abcdefgh", max_size=8), st.text(alphabet="abcdefgh", max_size=8))
def test_edit_distance_is_symmetric_and_zero_only_for_equal_words(first: str, second: str) -> None:
    assert edit_distance(first, second) == edit_distance(second, first)
    assert (edit_distance(first, second) == 0) == (first == second)


def test_slash_comment_inside_a_dialog_says_comments_start_with_hash() -> None:
    error = _first_error('dialog hi\n    user says "a"\n    // greet\n    say "x"\n')
    assert (error.span.line, error.span.column) == (3, 5)
    assert error.hint == "comments start with `#`: write `# ...`"


def test_trigger_line_in_an_integration_is_not_called_a_misplaced_trigger() -> None:
    error = _first_error('integration X\n    api GET "x"\n    user says "a"\n')
    assert "triggers" not in error.message


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        ('integration X\n    ap GET "x"\n', "did you mean `api`?"),
        ('integration X\n    api GET "x"\n    Header "a" "b"\n', "keywords are lower case"),
        ('bot "T"\n    defalt response "x"\n', "did you mean `default`?"),
        ('dialog hi\n    on strat\n    say "x"\n', "did you mean `start`?"),
        ('test "a"\n    start\n    expct close\n', "did you mean `expect`?"),
    ],
)
def test_misspelled_keyword_inside_a_block_suggests_the_keyword(source: str, hint: str) -> None:
    error = _first_error(source)
    assert error.hint is not None and error.hint.startswith(hint)


def test_a_keyword_in_the_wrong_place_is_not_taken_for_a_typo() -> None:
    error = _first_error("set x\n")
    assert error.message == "`set` is a step, so it belongs inside a dialog"
