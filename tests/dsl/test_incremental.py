"""`dsl.incremental.parse_reusing`: the module `dsl.parse` gives, reusing the declarations
of the last version that did not change.

Checked on every `.bot` file of the repository (broken ones included: their errors must
be the same too) and on random one-line edits of the examples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from botc.dsl import BotSyntaxError, ast, parse
from botc.dsl.incremental import parse_reusing

ROOT = Path(__file__).parents[2]
EVERY_BOT = sorted((ROOT / "tests").rglob("*.bot")) + sorted((ROOT / "examples").rglob("*.bot"))
EXAMPLES = sorted((ROOT / "examples").glob("*.bot"))


def _outcome(parsing: Callable[[], ast.Module]) -> str:
    """What a parse gives, spans included (`repr` shows them, `==` does not)."""
    try:
        return repr(parsing())
    except BotSyntaxError as error:
        return repr(error.diagnostics)


def test_there_are_files_to_compare() -> None:
    assert len(EVERY_BOT) > 100


@pytest.mark.parametrize("path", EVERY_BOT, ids=lambda path: str(path.relative_to(ROOT)))
def test_a_file_parses_to_the_module_or_errors_of_a_whole_parse(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    reused = _outcome(lambda: parse_reusing(text, path.name, {})[0])
    assert reused == _outcome(lambda: parse(text, path.name))


def test_a_declaration_that_did_not_change_is_not_parsed_again() -> None:
    text = (ROOT / "examples" / "balance.bot").read_text(encoding="utf-8")
    first, pieces = parse_reusing(text, "balance.bot", {})
    edited = text.replace("That doesn't look like", "That does not look like")
    second, _ = parse_reusing(edited, "balance.bot", pieces)
    changed = [
        before.name.value
        for before, after in zip(first.declarations, second.declarations, strict=True)
        if before is not after and isinstance(before, ast.Dialog)
    ]
    assert changed == ["balance"]
    assert second == parse(edited, "balance.bot")


def test_a_line_added_above_moves_the_declarations_below_it() -> None:
    text = (ROOT / "examples" / "balance.bot").read_text(encoding="utf-8")
    _, pieces = parse_reusing(text, "balance.bot", {})
    edited = "# a new first line\n" + text
    module, _ = parse_reusing(edited, "balance.bot", pieces)
    assert repr(module) == repr(parse(edited, "balance.bot"))


def test_a_syntax_error_comes_out_as_a_whole_parse_words_it() -> None:
    text = (ROOT / "examples" / "balance.bot").read_text(encoding="utf-8")
    _, pieces = parse_reusing(text, "balance.bot", {})
    broken = text.replace("-> lookup", "-> -> lookup", 1)
    with pytest.raises(BotSyntaxError) as reused:
        parse_reusing(broken, "balance.bot", pieces)
    with pytest.raises(BotSyntaxError) as whole:
        parse(broken, "balance.bot")
    assert repr(reused.value.diagnostics) == repr(whole.value.diagnostics)


@settings(max_examples=60, deadline=None)
@given(
    example=st.sampled_from(EXAMPLES),
    where=st.floats(min_value=0, max_value=1, exclude_max=True),
    new_line=st.sampled_from(
        ["", "    end", '    say "hi"', "dialog extra", "  # note", 'test "t"', "}", 'say "x']
    ),
    replace=st.booleans(),
)
def test_any_one_line_edit_parses_as_a_whole_parse_does(
    example: Path, where: float, new_line: str, replace: bool
) -> None:
    text = example.read_text(encoding="utf-8")
    _, pieces = parse_reusing(text, example.name, {})
    lines = text.split("\n")
    at = int(where * len(lines))
    lines[at : at + (1 if replace else 0)] = [new_line]
    edited = "\n".join(lines)
    full = _outcome(lambda: parse(edited, example.name))
    assert _outcome(lambda: parse_reusing(edited, example.name, pieces)[0]) == full
