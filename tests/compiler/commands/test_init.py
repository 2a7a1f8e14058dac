"""`botc init NAME`: a starter project whose every file passes as written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from botc.compiler.cli import main


def _botc(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "botc", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, check=False,
    )


def test_init_writes_a_bot_its_stubs_its_events_and_a_ci_job(tmp_path: Path) -> None:
    done = _botc("init", "help-desk", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = sorted(
        str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file()
    )
    assert written == [
        "help-desk/.github/workflows/bot.yml",
        "help-desk/help-desk.bot",
        "help-desk/help-desk.events.jsonl",
        "help-desk/help-desk.stubs.json",
    ]


def test_the_starter_bot_checks_clean_and_its_tests_pass(tmp_path: Path) -> None:
    _botc("init", "desk", cwd=tmp_path)
    project = tmp_path / "desk"
    checked = _botc("check", "desk.bot", cwd=project)
    assert checked.returncode == 0
    assert checked.stderr.strip() == "0 errors, 0 warnings"
    tested = _botc("test", "desk.bot", cwd=project)
    assert tested.returncode == 0, tested.stdout
    assert "5 passed, 0 failed" in tested.stdout


def test_the_starter_events_run_against_the_starter_stubs(tmp_path: Path) -> None:
    _botc("init", "desk", cwd=tmp_path)
    project = tmp_path / "desk"
    events = (project / "desk.events.jsonl").read_text(encoding="utf-8")
    ran = _botc("run", "desk.bot", "--stubs", "desk.stubs.json", cwd=project, stdin=events)
    replies = [json.loads(line) for line in ran.stdout.splitlines()]
    assert ran.returncode == 0 and len(replies) == len(events.splitlines())
    assert all("error" not in reply for reply in replies)
    assert replies[-1]["response"][-1]["data"]["name"] == "TRANSFER"


def test_the_ci_job_checks_tests_and_runs_the_bot(tmp_path: Path) -> None:
    _botc("init", "desk", cwd=tmp_path)
    job = yaml.safe_load((tmp_path / "desk/.github/workflows/bot.yml").read_text())
    commands = [step["run"] for step in job["jobs"]["bot"]["steps"] if "run" in step]
    assert "botc check desk.bot" in commands
    assert "botc test desk.bot" in commands


def test_init_refuses_a_folder_that_already_holds_files(tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "notes.txt").write_text("mine")
    done = _botc("init", "desk", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "botc: error: desk already exists and is not an empty folder\n"
    assert (tmp_path / "desk" / "notes.txt").read_text() == "mine"


def test_init_refuses_a_name_that_is_not_a_plain_folder_name(tmp_path: Path) -> None:
    done = _botc("init", "../elsewhere", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("botc: error: '../elsewhere' is not a plain folder name")
    assert not any(tmp_path.parent.glob("elsewhere"))


def test_init_fills_an_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "desk").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["init", "desk"]) == 0
    assert (tmp_path / "desk" / "desk.bot").is_file()
