"""The README's promises: its property test runs as printed, and its commands exist."""

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


def test_the_readme_first_command_runs_the_example() -> None:
    [command] = re.findall(r"^python3 -m pip install .*? && (botc run .*)$", README, re.M)
    args = command.split("<")[0].split()
    with (ROOT / "examples" / "balance.events.jsonl").open() as events:
        done = subprocess.run(
            [sys.executable, "-m", "compiler.cli", *args[1:]],
            stdin=events, capture_output=True, text=True, cwd=ROOT, check=False,
        )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len((ROOT / "examples" / "balance.events.jsonl").read_text().splitlines())
    assert '"TRANSFER"' in done.stdout


def test_every_botc_command_in_the_readme_table_exists() -> None:
    from compiler.cli import SUBCOMMANDS

    named = set(re.findall(r"^\| `botc (\w+)", README, flags=re.M))
    assert named == set(SUBCOMMANDS)
