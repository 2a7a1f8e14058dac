"""Every example bot holds a conversation through `botc run` (with stubs), checked line
by line against the responses written down in `tests/runtime/conversations/NAME/`.

A conversation folder holds `events.jsonl` (one incoming event per line), `stubs.json`
(the integrations' outcomes, optional), `responses.jsonl` (the expected Custom Endpoint
response of each event, line for line) and optionally `responses.functions.jsonl` (the
same conversation in the Functions shape). An expected `{"error": TEXT}` line holds when
the actual line is an error that starts with TEXT (the rest of the wording may change).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CONVERSATIONS = Path(__file__).resolve().parent / "conversations"

EXAMPLE_BOTS = sorted(EXAMPLES.glob("*.bot"))
FORMATS = {"custom-endpoint": "responses.jsonl", "functions": "responses.functions.jsonl"}


def read_lines(path: Path) -> list[Any]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def is_error(line: Any) -> bool:
    return isinstance(line, dict) and set(line) == {"error"}


def botc_run(bot: Path, folder: Path, response_format: str) -> list[Any]:
    stubs = folder / "stubs.json"
    command = [sys.executable, "-m", "botc", "run", str(bot), "--format", response_format]
    if stubs.exists():
        command += ["--stubs", str(stubs)]
    process = subprocess.run(
        command,
        input=(folder / "events.jsonl").read_text(),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert process.returncode == 0, process.stderr
    assert "Traceback" not in process.stderr
    return [json.loads(line) for line in process.stdout.splitlines()]


def test_there_are_example_bots() -> None:
    assert EXAMPLE_BOTS, f"no .bot files in {EXAMPLES}"


def test_every_conversation_belongs_to_an_example() -> None:
    names = {bot.stem for bot in EXAMPLE_BOTS}
    stale = [
        path.name for path in CONVERSATIONS.iterdir() if path.is_dir() and path.name not in names
    ]
    assert stale == []


@pytest.mark.parametrize("bot", EXAMPLE_BOTS, ids=lambda path: path.stem)
def test_example_conversation_gets_the_expected_responses(bot: Path) -> None:
    folder = CONVERSATIONS / bot.stem
    assert (folder / "events.jsonl").exists(), f"write a conversation for {bot.name} in {folder}"
    events = read_lines(folder / "events.jsonl")
    checked = 0
    for response_format, filename in FORMATS.items():
        if not (folder / filename).exists():
            continue
        expected = read_lines(folder / filename)
        assert len(expected) == len(events), f"{filename}: one response per event"
        actual = botc_run(bot, folder, response_format)
        assert len(actual) == len(events)
        for number, (got, wanted) in enumerate(zip(actual, expected, strict=True), start=1):
            where = f"{filename} line {number} (event {events[number - 1]})"
            if is_error(wanted):
                assert str(got.get("error", "")).startswith(wanted["error"]), where
            else:
                assert got == wanted, where
        checked += 1
    assert checked, f"{folder} has no responses.jsonl"
