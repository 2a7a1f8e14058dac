"""The command-line fuzzer (`benchmarks/fuzz.py`) at a small size: no mutated `.bot` file
or event makes `botc check`, `run`, `test` or `serve` print a traceback or answer 5xx."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from fuzz import fuzz


def test_no_fuzzed_file_or_event_gives_a_traceback() -> None:
    # 5,000-digit integers in service bodies are issue 9 item 6 (the service's part)
    tallies = fuzz(files=10, events=30, posts=40, seed=3, big_ints=False)
    assert {name: tally.findings for name, tally in tallies.items()} == {
        "check": [],
        "test": [],
        "run": [],
        "serve": [],
    }
    assert tallies["check"].inputs == 10
    assert tallies["serve"].inputs == 40
