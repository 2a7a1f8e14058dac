"""Hand-broken `.bot` files a new author would plausibly write, each checked by `botc check`
run as a real subprocess: the error (or warning) is on the line and column the file's
first-line comment names, its message holds the expected words, a hint follows it, and
no traceback ever appears.

Each file starts with `# expect: LINE:COL: <substring of the message>`; a second line
`# known: <why>` marks a finding not fixed yet (the test is then a strict xfail, so it
starts failing, as a reminder to drop the marker, the day the finding is fixed).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs
import pytest

BOTS = Path(__file__).parent / "bots"
_REPO = Path(__file__).parents[2]
_EXPECT = re.compile(r"# expect: (\d+):(\d+): (.+)")
_KNOWN = re.compile(r"# known: (.+)")


@attrs.frozen
class Expectation:
    line: int
    column: int
    words: str
    known_issue: str | None


@attrs.frozen
class CheckRun:
    exit_code: int
    output: str


def expectation_of(path: Path) -> Expectation:
    """The `# expect:` (and optional `# known:`) lines at the top of a broken file."""
    first, second = [*path.read_text(encoding="utf-8").split("\n"), "", ""][:2]
    found = _EXPECT.fullmatch(first)
    assert found, f"{path.name}: the first line must be `# expect: LINE:COL: words`"
    known = _KNOWN.fullmatch(second)
    return Expectation(
        int(found.group(1)), int(found.group(2)), found.group(3), known.group(1) if known else None
    )


def botc_check(path: Path) -> CheckRun:
    """`botc check FILE` as the user runs it, in the file's folder (so paths are short)."""
    done = subprocess.run(
        [sys.executable, "-m", "botc", "check", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(_REPO), "NO_COLOR": "1"},
    )
    return CheckRun(done.returncode, done.stdout + done.stderr)


BROKEN = sorted(BOTS.glob("*.bot"))


@pytest.fixture(scope="module")
def check_runs() -> dict[str, CheckRun]:
    """Every file checked once, four at a time (each run is a fresh interpreter)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip((p.name for p in BROKEN), pool.map(botc_check, BROKEN), strict=True))


def _params() -> list[object]:
    params: list[object] = []
    for path in BROKEN:
        known = expectation_of(path).known_issue
        marks = [pytest.mark.xfail(reason=known, strict=True)] if known else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


def test_there_are_at_least_twenty_broken_files() -> None:
    assert len(BROKEN) >= 20


@pytest.mark.parametrize("path", _params())
def test_broken_file_is_reported_where_it_is_broken(
    path: Path, check_runs: dict[str, CheckRun]
) -> None:
    expected = expectation_of(path)
    run = check_runs[path.name]
    assert "Traceback" not in run.output
    assert "internal error" not in run.output
    prefix = f"{path.name}:{expected.line}:{expected.column}: "
    heads = [line for line in run.output.splitlines() if line.startswith(prefix)]
    assert heads, f"no diagnostic at {expected.line}:{expected.column}:\n{run.output}"
    head = heads[0]
    assert expected.words in head, run.output
    severity = head[len(prefix) :].split(":", 1)[0].split("[", 1)[0]
    assert run.exit_code == (1 if severity == "error" else 0), run.output
    block = run.output[run.output.index(head) :].split("\n\n", 1)[0]
    assert "\nhint: " in block, f"the diagnostic has no hint:\n{block}"
