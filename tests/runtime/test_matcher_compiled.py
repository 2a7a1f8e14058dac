"""The matcher on patterns as the compiler writes them (docs/TABLE.md), not hand-made items."""

from __future__ import annotations

from pathlib import Path

import pytest

from botc import dsl
from botc.compiler import compile_file, compile_module
from botc.runtime.matching.matcher import Match, TriggerIndex
from botc.runtime.normalize import normalize

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.bot"))

BOT = """\
dialog balance
    user says "* my balance *", "what is [my] balance" except "cancel"
    say "balance"

dialog thanks
    user says "thank(|s)", "(many|) thanks *"
    say "you are welcome"

dialog upload
    user says "file_upload_success:*"
    say "done"
"""


@pytest.fixture(scope="module")
def index() -> TriggerIndex:
    result = compile_module(dsl.parse(BOT, "matcher.bot"))
    assert result.table is not None, result.diagnostics
    return TriggerIndex.build(result.table["triggers"]["patterns"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my balance", Match(pattern=0, dialog=0, star=("", ""))),
        ("So what is my balance today?", Match(pattern=0, dialog=0, star=("so what is", "today"))),
        ("What is balance", Match(pattern=1, dialog=0, star=())),
        ("Thanks!", Match(pattern=2, dialog=1, star=())),
        ("many thanks for all", Match(pattern=3, dialog=1, star=("for all",))),
        (
            "file_upload_success:Successfully processed the file.",
            Match(pattern=4, dialog=2, star=("successfully processed the file",)),
        ),
        ("cancel my balance now", None),
    ],
)
def test_compiled_patterns_route_as_the_language_says(
    index: TriggerIndex, text: str, expected: Match | None
) -> None:
    assert index.route(normalize(text)) == expected


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_every_example_bot_patterns_build_an_index(path: Path) -> None:
    result = compile_file(path)
    assert result.table is not None, result.diagnostics
    patterns = result.table["triggers"]["patterns"]
    index = TriggerIndex.build(patterns)
    plain = [p for p in patterns if not p["excludes"] and not set(p["source"]) & set("*()[]/")]
    for pattern in plain:
        # a plain phrase matches its own text, so some pattern takes it
        assert index.route(normalize(pattern["source"])) is not None, pattern["source"]
