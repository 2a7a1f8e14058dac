"""The coverage file: what the last `botc test --coverage` run reached, kept for
`botc graph` to mark the steps it never reached.

`botc test --coverage` writes `.botc-coverage.json` in each tested bot's folder, one
entry per bot file name (entries of other bots in the folder are kept):

    {"format": "botc-coverage/1",
     "bots": {"balance.bot": {"table": "<sha256 of the table's steps>",
                              "steps": 14, "missed_steps": [9, 10], "missed_lines": [42, 43]}}}

Step ids are only meaningful for the table they were counted on, so each entry carries a
digest of the steps; `botc graph` ignores (and says so) an entry of an older version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

COVERAGE_FILE = ".botc-coverage.json"
FORMAT = "botc-coverage/1"


@attrs.frozen
class KnownCoverage:
    """`missed_steps` is None when there is no usable coverage; `note` says why, or sums
    it up, in a sentence for the reader of the graph."""

    missed_steps: frozenset[int] | None
    note: str


def coverage_path(bot: Path | str) -> Path:
    return Path(bot).parent / COVERAGE_FILE


def table_digest(table: dict[str, Any]) -> str:
    steps = json.dumps(table.get("steps"), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(steps.encode("utf-8")).hexdigest()


def write_coverage(
    bot: Path | str, table: dict[str, Any], missed: Iterable[dict[str, Any]]
) -> Path:
    """Record the steps of `table` (compiled from `bot`) that the run never reached."""
    path = coverage_path(bot)
    bots = _read_bots(path) or {}
    missed_steps = sorted(missed, key=lambda step: int(step["id"]))
    bots[Path(bot).name] = {
        "table": table_digest(table),
        "steps": len(table.get("steps") or []),
        "missed_steps": [int(step["id"]) for step in missed_steps],
        "missed_lines": [step.get("line") for step in missed_steps],
    }
    text = json.dumps({"format": FORMAT, "bots": bots}, indent=2, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def read_coverage(
    bot: Path | str, table: dict[str, Any], path: Path | None = None
) -> KnownCoverage:
    """What the coverage file next to `bot` (or at `path`) says about this table."""
    path = path or coverage_path(bot)
    bots = _read_bots(path)
    name = Path(bot).name
    if bots is None or name not in bots:
        return KnownCoverage(
            None,
            f"No coverage: run `botc test --coverage {bot}` to mark the steps tests never reach.",
        )
    entry = bots[name]
    if not isinstance(entry, dict) or entry.get("table") != table_digest(table):
        return KnownCoverage(
            None,
            f"Coverage in {path} is of an older version of {name}: "
            "run `botc test --coverage` again.",
        )
    missed = frozenset(int(step) for step in entry.get("missed_steps") or [])
    total = int(entry.get("steps") or 0)
    return KnownCoverage(
        missed,
        f"The last `botc test --coverage` run reached {total - len(missed)} of {total} steps"
        + ("; the others are marked in red." if missed else "."),
    )


def _read_bots(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or not isinstance(data.get("bots"), dict)
    ):
        return None
    return dict(data["bots"])
