"""`benchmarks/redis_turns.py` at a small size, for correctness only (no timing
assertions): every turn's compare-and-set must win, in both ways of loading."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "redis_turns.py"


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_both_ways_of_loading_run_every_turn_and_print_their_row() -> None:
    finished = subprocess.run(
        [sys.executable, str(SCRIPT), "--turns", "300", "--conversations", "8", "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    rows = [line.split()[0] for line in finished.stdout.splitlines()[2:4]]
    assert rows == ["kept", "read"]
