"""The docs cannot rot: every `bot` block in README.md and docs/*.md is a whole `.bot`
file that compiles with no error and no warning (an example shows a bot as it should be
written), and its `test` blocks pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from botc.compiler import compile_source
from botc.dsl.diagnostics import render_all
from botc.runtime.testing.runner import run_tests

ROOT = Path(__file__).resolve().parent.parent.parent
# DIAGNOSTICS.md's bots are written to trigger their codes (tests/compiler/test_diagnostic_codes.py)
DOCUMENTS = [
    ROOT / "README.md",
    *sorted(path for path in (ROOT / "docs").glob("*.md") if path.name != "DIAGNOSTICS.md"),
]
FENCE = re.compile(r"^```bot[^\n]*\n(.*?)^```", re.M | re.S)


def _blocks() -> list[tuple[str, str]]:
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{document.relative_to(ROOT)}:{line}", match.group(1)))
    return found


BLOCKS = _blocks()


def test_the_language_reference_and_the_tutorial_have_bot_blocks() -> None:
    places = {place.split(":")[0] for place, _ in BLOCKS}
    assert {"docs/LANGUAGE.md", "docs/TUTORIAL.md", "README.md"} <= places


@pytest.mark.parametrize(("place", "source"), BLOCKS, ids=[place for place, _ in BLOCKS])
def test_every_bot_block_compiles_without_errors_or_warnings(place: str, source: str) -> None:
    result = compile_source(source, place, base_dir=ROOT / "examples")
    shown = render_all(result.diagnostics, {place: source})
    assert result.diagnostics == (), shown


@pytest.mark.parametrize(("place", "source"), BLOCKS, ids=[place for place, _ in BLOCKS])
def test_every_bot_blocks_tests_pass(place: str, source: str) -> None:
    result = compile_source(source, place, base_dir=ROOT / "examples")
    assert result.table is not None
    failures = [
        f"{result_.name}: line {result_.failure.line}: {result_.failure.message}"
        f" (expected {result_.failure.expected}, got {result_.failure.actual})"
        for result_ in run_tests(result.table)
        if result_.failure is not None
    ]
    assert not failures, "\n".join(failures)


# The one warning the reference shows on purpose: section 9.9's bot demonstrates the
# escalation count, which only a loop BOT419 warns about can reach.
SHOWN_ON_PURPOSE = {"BOT419"}


@pytest.mark.parametrize(
    ("place", "source"),
    [(place, source) for place, source in BLOCKS if place.startswith("docs/LANGUAGE.md")],
)
def test_the_language_references_bots_warn_only_where_the_text_says_so(
    place: str, source: str
) -> None:
    result = compile_source(source, place, base_dir=ROOT / "examples")
    unexpected = [d for d in result.diagnostics if d.code not in SHOWN_ON_PURPOSE]
    assert not unexpected, render_all(unexpected, {place: source})
