"""Nesting deep enough to exhaust Python's stack is refused with a one-line error:
by the compiler in a pattern, and by the runtime in a hand-made table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from botc.compiler import patterns
from botc.compiler.compile import compile_source
from botc.compiler.patterns import MAX_NESTING, PatternError, parse_pattern

_REPO = Path(__file__).parents[2]


def test_a_pattern_nested_to_the_limit_parses() -> None:
    parse_pattern("(" * MAX_NESTING + "a" + ")" * MAX_NESTING)


def test_a_pattern_nested_past_the_limit_is_refused_at_the_first_group_too_deep() -> None:
    with pytest.raises(PatternError) as caught:
        parse_pattern("x " + "[" * (MAX_NESTING + 1) + "a" + "]" * (MAX_NESTING + 1))
    assert caught.value.offset == 2 + MAX_NESTING


def test_botc_run_refuses_a_table_nested_too_deeply_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patterns, "MAX_NESTING", 10_000)  # build what the compiler refuses
    depth = 200
    text = 'dialog a\n    user says "' + "(" * depth + "a" + ")" * depth + '"\n    say "x"\n'
    table = compile_source(text, "deep.bot").table
    assert table is not None
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "botc", "run", str(path)],
        input='{"type": "TEXT", "data": {"message": "a"}}\n',
        capture_output=True,
        text=True,
        timeout=60,
        cwd=_REPO,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 2
    assert done.stderr.strip().endswith("not a valid table: it is nested too deeply")
    assert len(done.stderr.strip().splitlines()) == 1
