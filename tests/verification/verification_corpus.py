"""The verification corpus: realistic bots, each with one planted bug or none.

A buggy bot marks its culprit line with a trailing `# BUG: CLASS` comment (or says
`# planted: line N CLASS` in a header comment); a bot named `good_*.bot` has no bug.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

BOTS = Path(__file__).parent / "bots"
TOLERANCE = 2  # a finding counts when it is this many lines or fewer from the culprit

_MARKER = re.compile(r"#\s*BUG:\s*([a-z-]+)\s*$")
_HEADER = re.compile(r"^#\s*planted:\s*line\s+(\d+)\s+([a-z-]+)\s*$")


@attrs.frozen
class PlantedBug:
    line: int
    kind: str


@attrs.frozen
class CorpusBot:
    path: Path
    bug: PlantedBug | None

    @property
    def name(self) -> str:
        return self.path.stem


def planted_bug(text: str) -> PlantedBug | None:
    """The one bug a bot's comments declare, or None; more than one is a corpus mistake."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line)
        if header:
            found.append(PlantedBug(int(header.group(1)), header.group(2)))
            continue
        marker = _MARKER.search(line)
        if marker:
            found.append(PlantedBug(number, marker.group(1)))
    if len(found) > 1:
        raise ValueError(f"more than one planted bug: {found}")
    return found[0] if found else None


def corpus() -> list[CorpusBot]:
    bots = []
    for path in sorted(BOTS.glob("*.bot")):
        bug = planted_bug(path.read_text(encoding="utf-8"))
        if path.name.startswith("good_") != (bug is None):
            raise ValueError(f"{path.name}: good_ bots have no bug, the others exactly one")
        bots.append(CorpusBot(path, bug))
    return bots


def buggy() -> list[CorpusBot]:
    return [bot for bot in corpus() if bot.bug is not None]


def bug_free() -> list[CorpusBot]:
    return [bot for bot in corpus() if bot.bug is None]


def found_at_line(lines: list[int], bug: PlantedBug) -> bool:
    return any(abs(line - bug.line) <= TOLERANCE for line in lines)
