"""`botc test`: pytest-like lines, failure details, the summary line and the exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from botc.compiler.cli import main

GREETER = """
dialog hello
    user says "hello"
    say "Hi there!"

test "greets"
    user "hello"
    bot "Hi there!"
"""

FAILING = """
dialog hello
    user says "hello"
    say "Hi there!"

test "greets wrongly"
    user "hello"
    bot "Good morning!"
"""


def botc_test(*argv: str) -> int:
    """Run `botc test ARGV...` in this process and return its exit code."""
    return main(["test", *argv])


def test_passing_file_prints_passed_lines_and_summary_and_exits_0(
    write_bot: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_bot(GREETER, "greeter.bot")
    assert botc_test(str(path)) == 0
    out = capsys.readouterr().out
    assert f"{path}::greets PASSED" in out
    assert out.splitlines()[-1] == "1 passed, 0 failed"


def test_failing_test_prints_its_lines_expected_and_actual_and_exits_1(
    write_bot: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_bot(FAILING, "greeter.bot")
    assert botc_test(str(path)) == 1
    out = capsys.readouterr().out
    assert f"{path}::greets wrongly FAILED" in out
    assert f'{path}:5: test "greets wrongly"' in out
    assert f'{path}:7: bot "Good morning!"' in out
    assert 'expected: bot "Good morning!"' in out
    assert 'actual:   bot "Hi there!"' in out
    assert out.splitlines()[-1] == "0 passed, 1 failed"


def test_file_that_does_not_compile_shows_diagnostics_and_exits_2(
    write_bot: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_bot(GREETER, "good.bot")
    broken = write_bot('dialog hello\n    user says "hello"\n    goto nowhere\n', "broken.bot")
    assert botc_test(str(good), str(broken)) == 2
    captured = capsys.readouterr()
    assert f"{broken}:3:" in captured.err
    assert "error" in captured.err
    assert f"{good}::greets PASSED" in captured.out


def test_folder_is_searched_for_bot_files(
    write_bot: Callable[..., Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_bot(GREETER, "one.bot")
    (tmp_path / "more").mkdir()
    write_bot(GREETER.replace('"greets"', '"greets too"'), "more/two.bot")
    assert botc_test(str(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "one.bot::greets PASSED" in out
    assert "two.bot::greets too PASSED" in out
    assert out.splitlines()[-1] == "2 passed, 0 failed"


def test_missing_path_is_an_error_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert botc_test(str(tmp_path / "nowhere.bot")) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_explore_reports_a_finding_as_a_failed_item_with_a_test_block(
    write_bot: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_bot('dialog quiet\n    user says "hello"\n    set seen = 1\n', "quiet.bot")
    assert botc_test(str(path), "--explore", "30", "--seed", "1") == 1
    captured = capsys.readouterr()
    assert f"{path}::explore: no silent turn FAILED" in captured.out
    assert 'test "explore: no silent turn"' in captured.out
    assert "seed 1" in captured.err


def test_coverage_lists_the_steps_never_run_by_file_and_line(
    write_bot: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_bot(GREETER + '\ndialog bye\n    user says "bye"\n    say "Bye!"\n', "g.bot")
    assert botc_test(str(path), "--coverage") == 0
    out = capsys.readouterr().out
    assert f"coverage of {path}: 1/2 steps" in out
    assert f"step not run:      {path}:11  say" in out


def test_explore_with_nothing_found_passes_and_names_the_seed(
    write_bot: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_bot(GREETER + '\ndialog fallback\n    on fallback\n    say "Pardon?"\n', "g.bot")
    assert botc_test(str(path), "--explore", "20", "--seed", "5") == 0
    captured = capsys.readouterr()
    assert f"{path}::explore (20 conversations) PASSED" in captured.out
    assert "seed 5" in captured.err
    assert captured.out.splitlines()[-1] == "2 passed, 0 failed"


def test_compiled_json_table_is_tested_like_its_bot_file(
    write_bot: Callable[..., Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = write_bot(GREETER, "greeter.bot")
    assert main(["compile", str(source), "-o", str(tmp_path / "greeter.json")]) == 0
    assert botc_test(str(tmp_path / "greeter.json")) == 0
    assert "greeter.json::greets PASSED" in capsys.readouterr().out


def test_a_table_the_runtime_refuses_is_reported_as_refused_with_exit_2(
    write_bot: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from botc.runtime.faults import TableError
    from botc.runtime.testing import runner

    def refuse(table: object) -> None:
        raise TableError("unsupported format", "$.format")

    monkeypatch.setattr(runner, "run_tests", refuse)
    path = write_bot(GREETER, "greeter.bot")
    assert botc_test(str(path)) == 2
    captured = capsys.readouterr()
    assert f"{path} ERROR (the runtime refuses the table)" in captured.out
    assert f"botc: error: {path}: $.format: unsupported format" in captured.err


def test_a_bug_in_the_test_runner_is_an_internal_error_not_a_refused_table(
    write_bot: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from botc.runtime.testing import runner

    def broken(table: object) -> None:
        raise KeyError("lines")

    monkeypatch.setattr(runner, "run_tests", broken)
    path = write_bot(GREETER, "greeter.bot")
    assert botc_test(str(path)) == 2
    captured = capsys.readouterr()
    assert f"{path} ERROR (internal error)" in captured.out
    assert "refuses" not in captured.out + captured.err
    assert f"internal error in the test runner on {path}: KeyError: 'lines'" in captured.err
    assert "Traceback" not in captured.err
