"""`botc run --record` and `botc chat --record` / `/save`: a live conversation written as a
`test` block that passes when appended to the bot."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from botc.compiler import compile_file
from botc.runtime.testing.pasteable import expectation_lines
from botc.runtime.testing.runner import run_tests

ROOT = Path(__file__).resolve().parent.parent.parent
CONVERSATIONS = ROOT / "tests" / "runtime" / "conversations"


def _botc(*args: str, cwd: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "botc", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, check=False,
    )


def _copy_example(name: str, into: Path) -> Path:
    shutil.copytree(ROOT / "examples" / "cards", into / "cards")
    return Path(shutil.copy(ROOT / "examples" / f"{name}.bot", into))


def _recorded_tests_pass(bot: Path, record: Path) -> list[str]:
    """Append `record` to `bot` and run the bot's tests: the names of those that failed."""
    bot.write_text(bot.read_text(encoding="utf-8") + record.read_text(encoding="utf-8"))
    result = compile_file(str(bot))
    assert result.table is not None, result.diagnostics
    return [test.name for test in run_tests(result.table) if not test.passed]


@pytest.mark.parametrize("name", sorted(path.name for path in CONVERSATIONS.iterdir()))
def test_a_recorded_run_passes_as_a_test_of_the_bot(name: str, tmp_path: Path) -> None:
    bot = _copy_example(name, tmp_path)
    events = (CONVERSATIONS / name / "events.jsonl").read_text(encoding="utf-8")
    stubs = CONVERSATIONS / name / "stubs.json"
    ran = _botc("run", bot.name, "--stubs", str(stubs), "--record", "rec.bot",
                cwd=tmp_path, stdin=events)
    assert ran.returncode == 0, ran.stderr
    record = (tmp_path / "rec.bot").read_text(encoding="utf-8")
    assert record.startswith(f'\ntest "recorded from {bot.name}"\n')
    assert _recorded_tests_pass(bot, tmp_path / "rec.bot") == []


def test_a_recorded_run_keeps_the_integration_outcomes(tmp_path: Path) -> None:
    bot = _copy_example("balance", tmp_path)
    events = (CONVERSATIONS / "balance" / "events.jsonl").read_text(encoding="utf-8")
    _botc("run", bot.name, "--stubs", str(CONVERSATIONS / "balance" / "stubs.json"),
          "--record", "rec.bot", cwd=tmp_path, stdin=events)
    record = (tmp_path / "rec.bot").read_text(encoding="utf-8")
    assert "    Balance returns {" in record
    assert "    Balance fails\n" in record


def test_a_chat_is_saved_with_slash_save_and_recorded_at_its_end(tmp_path: Path) -> None:
    bot = _copy_example("balance", tmp_path)
    stubs = tmp_path / "stubs.json"
    stubs.write_text('{"Balance": [{"status": 200, "body": {"data": {"balance": 3, '
                     '"currency": "EUR"}}}]}')
    lines = "balance\n123456\n/save early.bot\nagent\n/quit\n"
    chatted = _botc("chat", bot.name, "--stubs", str(stubs), "--record", "whole.bot",
                    cwd=tmp_path, stdin=lines)
    assert chatted.returncode == 0, chatted.stderr
    assert "saved the conversation as a test block in early.bot" in chatted.stdout
    early = (tmp_path / "early.bot").read_text(encoding="utf-8")
    whole = (tmp_path / "whole.bot").read_text(encoding="utf-8")
    assert '    user "agent"' not in early and '    user "agent"' in whole
    assert "    start\n" in whole  # the chat opened with the welcome
    assert _recorded_tests_pass(bot, tmp_path / "whole.bot") == []


def test_slash_save_without_a_path_or_record_file_says_what_it_needs(tmp_path: Path) -> None:
    bot = _copy_example("balance", tmp_path)
    chatted = _botc("chat", bot.name, cwd=tmp_path, stdin="/save\n/quit\n")
    assert "! error: /save needs a path" in chatted.stdout


def test_a_record_file_that_cannot_be_written_is_one_error_line(tmp_path: Path) -> None:
    bot = _copy_example("balance", tmp_path)
    ran = _botc("run", bot.name, "--record", "no/such/folder/rec.bot", cwd=tmp_path, stdin="")
    assert ran.returncode == 2
    assert ran.stderr.startswith("botc: error: cannot write no/such/folder/rec.bot")


def test_an_expectation_the_test_language_cannot_word_fully_keeps_its_kind() -> None:
    by_name = {"type": "ACTION", "data": {"name": "TRANSFER", "parameters": {"skillName": "x"}}}
    custom = {"type": "ACTION",
              "data": {"name": "CHANGE_TTR", "parameters": {"ttrType": "CUSTOM", "value": 120}}}
    assert expectation_lines((by_name, custom), {}) == ["expect transfer", "expect priority custom"]
