"""Each hand-broken file under tests/bots/syntax gets its own worded error at its place.

A fixture states what it expects in its first lines: `# expect LINE:COLUMN words`, one
line per error, in file order; `words` must appear in the message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler.cli import main
from dsl import BotSyntaxError, parse, render

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
