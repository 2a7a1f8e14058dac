"""The tutorial works as written: every bot it shows checks clean (it promises
"0 errors, 0 warnings"), its whole bot passes `botc test --explore`, and its recorded
conversation runs through `botc run` with its stubs and events files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from botc.compiler import compile_source
from botc.dsl.diagnostics import render_all
from botc.runtime.testing.exploration import explore

ROOT = Path(__file__).resolve().parent.parent.parent
TUTORIAL = (ROOT / "docs" / "TUTORIAL.md").read_text(encoding="utf-8")


def _fenced(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", TUTORIAL, flags=re.M | re.S)


def test_the_tutorials_recorded_conversation_ends_in_a_transfer(tmp_path: Path) -> None:
    (tmp_path / "parcel.bot").write_text(_fenced("bot")[-1], encoding="utf-8")
    [stubs] = _fenced("json")
    (tmp_path / "parcel.stubs.json").write_text(stubs, encoding="utf-8")
    [events] = _fenced("jsonl")
    done = subprocess.run(
        [sys.executable, "-m", "botc", "run", "parcel.bot",
         "--stubs", "parcel.stubs.json"],
        input=events, capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert done.returncode == 0, done.stderr
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(replies) == len(events.splitlines())
    assert all("error" not in reply for reply in replies)
    found = replies[2]["response"][0]["data"]["message"]
    assert found == "Your parcel is out for delivery, expected today."
    assert replies[-1]["response"][-1]["data"]["name"] == "TRANSFER"



@pytest.mark.parametrize("number", range(len(_fenced("bot"))))
def test_every_tutorial_bot_checks_without_warnings(number: int) -> None:
    source = _fenced("bot")[number]
    result = compile_source(source, "parcel.bot")
    assert not result.diagnostics, render_all(result.diagnostics, {"parcel.bot": source})


def test_the_tutorials_whole_bot_breaks_no_invariant_in_200_conversations() -> None:
    result = compile_source(_fenced("bot")[-1], "parcel.bot")
    assert result.table is not None
    exploration = explore(result.table, examples=200, seed=14)
    assert [str(finding.violation) for finding in exploration.findings] == []
