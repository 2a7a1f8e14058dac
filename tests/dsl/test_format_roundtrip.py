"""The formatter's promise: parsing its output gives the same tree, and it is idempotent.

Checked on every `.bot` fixture of the repository and on random syntax trees.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bot_ast_strategies import modules
from hypothesis import given, settings
from hypothesis import strategies as st

from botc.dsl import BotSyntaxError, ast, format_module, parse

ROOT = Path(__file__).parents[2]
BOTS = ROOT / "tests" / "bots"
# Ours, which must parse; and the other parts' fixtures, which may be broken on purpose.
OURS = sorted((BOTS / "valid").glob("*.bot")) + sorted((ROOT / "examples").rglob("*.bot"))
THEIRS = sorted(
    path
    for path in BOTS.rglob("*.bot")
    if path.parent.name not in ("syntax", "valid") and path not in OURS
)
WELL_FORMED = OURS + THEIRS


def _parsed(path: Path) -> ast.Module:
    try:
        return parse(path.read_text(encoding="utf-8"), path.name)
    except BotSyntaxError:
        if path in OURS:
            raise
        pytest.skip(f"{path.name} does not parse (broken on purpose?)")


def test_there_are_well_formed_fixtures() -> None:
    assert len(list((BOTS / "valid").glob("*.bot"))) >= 5


@pytest.mark.parametrize("path", WELL_FORMED, ids=lambda path: str(path.relative_to(ROOT)))
def test_formatting_a_fixture_keeps_its_tree(path: Path) -> None:
    module = _parsed(path)
    assert parse(format_module(module), path.name) == module


@pytest.mark.parametrize("path", WELL_FORMED, ids=lambda path: str(path.relative_to(ROOT)))
def test_formatting_a_fixture_twice_changes_nothing(path: Path) -> None:
    once = format_module(_parsed(path))
    assert format_module(parse(once, path.name)) == once


@pytest.mark.parametrize("path", WELL_FORMED, ids=lambda path: str(path.relative_to(ROOT)))
def test_formatting_a_fixture_keeps_every_comment(path: Path) -> None:
    module = _parsed(path)
    again = parse(format_module(module), path.name)
    assert sorted(c.text for c in again.comments) == sorted(c.text for c in module.comments)


@settings(max_examples=200)
@given(modules())
def test_formatting_a_random_tree_parses_back_to_the_same_tree(module: ast.Module) -> None:
    assert parse(format_module(module), module.filename) == module


@settings(max_examples=100)
@given(modules())
def test_formatting_a_random_tree_is_idempotent(module: ast.Module) -> None:
    once = format_module(module)
    assert format_module(parse(once, module.filename)) == once


@st.composite
def commented_sources(draw: st.DrawFn) -> tuple[ast.Module, str, list[str]]:
    """A random module's text with comments added: own-line ones and trailing ones."""
    module = draw(modules())
    comment_texts = st.text(st.characters(exclude_characters="\n\r"), max_size=10).map(
        lambda text: ("# " + text).rstrip()
    )
    lines: list[str] = []
    added: list[str] = []
    for line in format_module(module).split("\n")[:-1]:
        if draw(st.booleans()):
            comment = draw(comment_texts)
            indent = line[: len(line) - len(line.lstrip())] if line.strip() else ""
            lines.append(indent + comment)
            added.append(comment)
        if line.strip() and draw(st.booleans()):
            comment = draw(comment_texts)
            line = f"{line}  {comment}"
            added.append(comment)
        lines.append(line)
    return module, "\n".join(lines) + "\n", added


@settings(max_examples=50)
@given(commented_sources())
def test_comments_anywhere_change_no_tree_and_formatting_keeps_them(
    case: tuple[ast.Module, str, list[str]],
) -> None:
    module, text, added = case
    parsed = parse(text, module.filename)
    assert parsed == module
    assert sorted(c.text for c in parsed.comments) == sorted(added)
    once = format_module(parsed)
    again = parse(once, module.filename)
    assert again == module
    assert sorted(c.text for c in again.comments) == sorted(added)
    assert format_module(again) == once
