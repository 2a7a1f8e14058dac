"""A `:` written after a keyword (issue 14, item 5): `botc check` points at the colon and
its hint is the line as it should be written, not "a keyword cannot be a label"."""

from __future__ import annotations

from pathlib import Path

import pytest

from botc.compiler.cli import main

HEAD = 'bot "Hi"\n\ndialog hello\n    user says "hi"\n    say "Hello!"\n\n'


def _check(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    path = tmp_path / "colon.bot"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    return str(path), capsys.readouterr().err


def test_a_bot_test_line_with_a_colon_gets_the_line_without_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, err = _check(tmp_path, HEAD + 'test "t"\n    user "hi"\n    bot: "Hello!"\n', capsys)
    assert f"{path}:9:8: error[BOT103]: `bot` is followed by its text, without `:`" in err
    assert '    9 |     bot: "Hello!"' in err
    assert 'hint: write `bot "Hello!"`' in err
    assert "cannot be a label" not in err


def test_a_user_test_line_with_a_colon_gets_the_line_without_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, err = _check(tmp_path, HEAD + 'test "t"\n    user: "hi"\n    bot "Hello!"\n', capsys)
    assert f"{path}:8:9: error[BOT103]: `user` is followed by its text, without `:`" in err
    assert 'hint: write `user "hi"`' in err
    assert "cannot be a label" not in err


def test_a_colon_glued_to_the_text_gets_the_same_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, err = _check(tmp_path, HEAD + 'test "t"\n    user "hi"\n    bot:"Hello!"\n', capsys)
    assert 'hint: write `bot "Hello!"`' in err


def test_a_user_says_written_user_colon_gets_user_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, err = _check(tmp_path, HEAD + 'dialog other\n    user: "x"\n    say "y"\n', capsys)
    assert f"{path}:8:9: error[BOT103]: a pattern is written after `user says`" in err
    assert 'hint: write `user says "x"`' in err


def test_a_say_step_with_a_colon_gets_the_step_without_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, err = _check(tmp_path, 'dialog hello\n    user says "hi"\n    say: "Hello!"\n', capsys)
    assert 'hint: write `say "Hello!"`' in err


def test_a_call_branch_with_a_colon_gets_the_arrow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        'integration Balance\n    api GET "https://bank.example/balance"\n\n'
        'dialog balance\n    user says "balance"\n    call Balance\n'
        '        on success: found\n        on failure -> end\n    found: say "Found."\n'
    )
    path, err = _check(tmp_path, text, capsys)
    assert f"{path}:7:19: error" in err
    assert "a branch's target follows `->`, not `:`" in err
    assert "hint: write `on success -> found`" in err
