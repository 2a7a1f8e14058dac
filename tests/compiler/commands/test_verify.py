"""`botc verify`: diagnostics in `botc check`'s format, how far it got, and exit codes."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from botc.compiler.cli import main

BOTS = Path(__file__).parents[2] / "bots"
SILENT = str(BOTS / "testing/silent_turn.bot")
FAULT = str(BOTS / "verify/field_never_set.bot")
CLEAN = str(BOTS / "verify/order_status.bot")


def test_a_warning_is_shown_like_check_with_its_test_block_and_exit_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["verify", SILENT]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{SILENT}:10:5: warning[BOT503]: the consumer's text 'remember something'" in err
    assert "   10 |     set note = star[0]\n" in err
    assert '    test "verify: silent turn"\n        # no silent turn (turn 1)' in err
    assert err.endswith("0 errors, 1 warning\n")


def test_an_error_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", FAULT]) == 1
    err = capsys.readouterr().err
    assert f"{FAULT}:15:5: error[BOT501]: this step fails when the conversation gets here" in err
    assert err.endswith("1 error, 0 warnings\n")


def test_the_report_says_states_explored_and_depth_proven(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["verify", CLEAN, "--depth", "3"]) == 0
    err = capsys.readouterr().err
    assert f"verified {CLEAN}: " in err
    assert " states explored, depth 3 proven in " in err
    assert err.endswith("0 errors, 0 warnings\n")


def test_a_spent_budget_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", CLEAN, "--depth", "30", "--budget", "0.01"]) == 0
    assert "budget spent before depth" in capsys.readouterr().err


def test_a_folder_stands_for_its_bots(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(BOTS / "testing"), "--depth", "2"]) == 0
    err = capsys.readouterr().err
    assert err.count("verified ") == len(list((BOTS / "testing").glob("*.bot")))


def test_a_bot_that_does_not_compile_shows_its_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(BOTS / "verify/retry_loop.bot")]) == 1
    err = capsys.readouterr().err
    assert "error[BOT402]: this loop can run forever" in err
    assert "verified" not in err


def test_no_progress_line_when_not_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    main(["verify", CLEAN, "--depth", "2"])
    assert "\r" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "arguments",
    [["missing.bot"], [CLEAN, "--depth", "0"], [CLEAN, "--budget", "-1"], [CLEAN, "--depth", "x"]],
)
def test_bad_arguments_exit_2(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        code = main(["verify", *arguments])
        raise SystemExit(code)
    assert raised.value.code == 2
    assert "botc" in capsys.readouterr().err


def test_the_example_in_the_testing_doc_is_what_verify_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(__file__).resolve().parents[3]
    text = (root / "docs" / "TESTING.md").read_text(encoding="utf-8")
    block = text.split("$ botc verify tests/bots/testing/silent_turn.bot\n", 1)[1]
    shown = block.split("```", 1)[0]
    monkeypatch.chdir(root)
    main(["verify", "tests/bots/testing/silent_turn.bot"])
    printed = re.sub(r"in \d+\.\ds", "in 0.0s", capsys.readouterr().err)
    assert printed == shown


def test_a_compiled_table_is_reported_at_the_lines_of_its_bot_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "silent.json"
    assert main(["compile", SILENT, "-o", str(table)]) == 0
    assert main(["verify", str(table)]) == 0
    err = capsys.readouterr().err
    assert f"{SILENT}:10:5: warning[BOT503]: the consumer's text" in err
    assert "   10 |     set note = star[0]\n" in err
    assert f"verified {table}: " in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_progress_line_shows_depth_and_states_then_is_cleared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["verify", CLEAN, "--depth", "2"]) == 0
    shown = terminal.getvalue()
    assert f"\r\x1b[Kverifying {CLEAN}: depth 1, " in shown
    assert " states\r\x1b[K" in shown
