"""The tutorial's recorded conversation runs as written: its last bot, stubs and events
files through `botc run`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

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
        [sys.executable, "-m", "compiler.cli", "run", "parcel.bot",
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

