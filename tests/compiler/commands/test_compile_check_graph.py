"""botc compile / check / graph, through `main([...])` and once through the installed script."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from botc.compiler import compile_file
from botc.compiler.cli import main
from botc.compiler.console import wants_colour

FIXTURES = Path(__file__).parents[2] / "bots" / "valid"
EVERY_STEP = str(FIXTURES / "every_step.bot")
ERRORS = 'dialog a\n    on start\n    goto nowhere\n'
WARNINGS = 'dialog a\n    on start\n    end\n    say "never"\n'


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_compile_prints_the_table_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", EVERY_STEP]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == compile_file(EVERY_STEP).table
    assert err == ""


def test_compile_writes_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert main(["compile", EVERY_STEP, "-o", str(target)]) == 0
    assert json.loads(target.read_text())["format"] == "botc-table/1"


def test_compile_with_errors_exits_1_with_diagnostics_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "bad.bot", ERRORS)
    assert main(["compile", path]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{path}:3:10: error[BOT202]: no label `nowhere` in dialog `a`" in err
    assert "    3 |     goto nowhere" in err
    assert "^^^^^^^" in err


@pytest.mark.parametrize("command", ["compile", "graph"])
def test_a_missing_file_is_a_usage_error_exiting_2(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "missing.bot")
    assert main([command, missing]) == 2
    assert capsys.readouterr().err == f"botc: error: {missing}: no such file\n"


@pytest.mark.parametrize("command", ["compile", "graph"])
def test_a_folder_is_named_as_a_folder(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(tmp_path)]) == 2
    assert "is a folder, not a .bot file" in capsys.readouterr().err


def test_compile_to_an_unwritable_place_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compile", EVERY_STEP, "-o", str(tmp_path / "no" / "dir.json")]) == 2
    assert capsys.readouterr().err.startswith("botc: error: cannot write")


def test_compile_for_functions_target_rejects_signal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["compile", EVERY_STEP, "--target", "functions"]) == 1
    assert "Functions response format cannot carry `signal`" in capsys.readouterr().err


def test_check_reports_all_files_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(tmp_path, "bad.bot", ERRORS)
    warned = _write(tmp_path, "warned.bot", WARNINGS)
    assert main(["check", bad, warned]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:3:10: error[BOT202]:" in err
    assert f"{warned}:4:5: warning[BOT403]: this step can never run" in err
    assert err.rstrip().endswith("1 error, 1 warning")


def test_check_with_only_warnings_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", _write(tmp_path, "w.bot", WARNINGS)]) == 0
    assert capsys.readouterr().err.rstrip().endswith("0 errors, 1 warning")


def test_check_of_a_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", EVERY_STEP]) == 0
    assert capsys.readouterr().err == "0 errors, 0 warnings\n"


def test_check_of_a_folder_checks_every_bot_file_under_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "nested").mkdir()
    _write(tmp_path, "nested/bad.bot", ERRORS)
    _write(tmp_path, "warned.bot", WARNINGS)
    assert main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "bad.bot:3:" in err and "warned.bot:4:" in err
    assert err.rstrip().endswith("1 error, 1 warning")


def test_check_of_a_missing_path_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_check_reports_syntax_errors_as_diagnostics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "syntax.bot", "dialog a\n    say hello\n")
    assert main(["check", path]) == 1
    assert f"{path}:2:" in capsys.readouterr().err


def test_diagnostics_are_not_coloured_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", _write(tmp_path, "bad.bot", ERRORS)])
    assert "\x1b[" not in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_for_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert wants_colour(_Terminal()) is True
    assert wants_colour(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert wants_colour(_Terminal()) is False


def test_graph_draws_dialogs_steps_and_branch_labels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["graph", EVERY_STEP]) == 0
    dot = capsys.readouterr().out
    assert dot.startswith("digraph bot {")
    assert dot.count("subgraph cluster_") == 14
    assert '[label="success"]' in dot
    assert '[label="when Balance.ok and Balance.amount > 100"]' not in dot  # `-> end` draws no edge
    assert '[label="when answer is matching(\\"^[0-9]{6}$\\")"]' in dot


def test_graph_writes_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "bot.dot"
    assert main(["graph", EVERY_STEP, "-o", str(target)]) == 0
    assert target.read_text().rstrip().endswith("}")


def test_graph_of_a_file_with_errors_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["graph", _write(tmp_path, "bad.bot", ERRORS)]) == 1
    assert "error[BOT202]: no label" in capsys.readouterr().err


def test_installed_botc_script_compiles(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "botc", "compile", EVERY_STEP],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["source"] == EVERY_STEP


def test_graph_draws_no_fall_through_after_a_call_with_on_success(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["graph", str(FIXTURES / "acme_bank.bot")]) == 0
    dot = capsys.readouterr().out
    lookup = next(line for line in dot.splitlines() if "lookup: call Balance" in line)
    node = lookup.split()[0]
    edges = [line for line in dot.splitlines() if line.strip().startswith(f"{node} ->")]
    assert sorted(edge.split("label=")[1] for edge in edges) == ['"failure"];', '"success"];']
