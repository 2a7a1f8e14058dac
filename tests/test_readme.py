"""The README's promises: its property test runs as printed, and its commands exist."""

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_the_readme_property_test_runs_and_passes(monkeypatch: Any) -> None:
    [block] = _python_blocks()
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert len(tests) == 1
    tests[0]()


def _run_readme_command(command: str) -> subprocess.CompletedProcess[str]:
    """A `botc run BOT --stubs S < EVENTS` line of the README, run from the checkout."""
    arguments, events = command.split("<")
    with (ROOT / events.strip()).open() as stdin:
        return subprocess.run(
            [sys.executable, "-m", "botc", *arguments.split()[1:]],
            stdin=stdin, capture_output=True, text=True, cwd=ROOT, check=False,
        )


def _replies(done: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_readme_first_command_runs_the_example_cleanly() -> None:
    [command] = re.findall(r"^python3 -m pip install .*? && (botc run .*)$", README, re.M)
    done = _run_readme_command(command)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    replies = _replies(done)
    events = (ROOT / "examples" / "balance.events.jsonl").read_text().splitlines()
    assert len(replies) == len(events)
    assert all("error" not in reply for reply in replies)
    assert '"TRANSFER"' in done.stdout


def test_the_readme_says_which_response_of_the_first_run_ends_with_the_transfer() -> None:
    [command] = re.findall(r"^python3 -m pip install .*? && (botc run .*)$", README, re.M)
    replies = _replies(_run_readme_command(command))
    ending = [index for index, reply in enumerate(replies)
              if reply["response"][-1]["type"] == "ACTION"]
    ordinals = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}
    assert len(ending) == 1
    assert f"the {ordinals[ending[0] + 1]}\nresponse ends with a `TRANSFER` action" in README


def test_the_readme_bad_day_shows_the_logged_timeout_and_the_error_line_it_explains() -> None:
    [command] = re.findall(r"^(botc run .*bad-day.*)$", README, re.M)
    done = _run_readme_command(command)
    assert done.returncode == 0, done.stderr
    [logged] = done.stderr.splitlines()
    assert f"`{logged}`" in README
    errors = [reply["error"] for reply in _replies(done) if "error" in reply]
    assert len(errors) == 1 and errors[0].startswith("line 4:") and "VIDEO" in errors[0]


def test_every_botc_command_in_the_readme_table_exists() -> None:
    from botc.compiler.cli import SUBCOMMANDS

    named = set(re.findall(r"^\| `botc (\w+)", README, flags=re.M))
    assert named == set(SUBCOMMANDS)
