"""JSON values nested past `MAX_JSON_DEPTH` are refused with a located error and built as
`null` (what reads a value later, equality, hashing, `json.dumps`, recurses once per level)."""

from __future__ import annotations

import pytest

from botc.dsl import BotSyntaxError, ast, parse
from botc.dsl.builder import MAX_JSON_DEPTH


def _card_nested(levels: int) -> str:
    return f'dialog hi\n    user says "a"\n    card {"[" * levels}{"]" * levels}\n'


def test_card_nested_thousands_of_levels_is_too_deep_at_the_cards_json() -> None:
    with pytest.raises(BotSyntaxError) as caught:
        parse(_card_nested(3000), "x.bot")
    (error,) = caught.value.diagnostics
    assert (error.span.line, error.span.column) == (3, 10)
    assert error.message == "this JSON is nested too deeply"
    assert error.hint is not None and str(MAX_JSON_DEPTH) in error.hint


def test_json_one_level_past_the_limit_is_too_deep() -> None:
    with pytest.raises(BotSyntaxError) as caught:
        parse(_card_nested(MAX_JSON_DEPTH + 1), "x.bot")
    assert caught.value.diagnostics[0].message == "this JSON is nested too deeply"


def test_json_at_the_limit_is_built() -> None:
    (dialog,) = parse(_card_nested(MAX_JSON_DEPTH), "x.bot").declarations
    assert isinstance(dialog, ast.Dialog)
    card = dialog.steps[0]
    assert isinstance(card, ast.CardStep) and card.content is not None
    value, levels = card.content.value, 0
    while isinstance(value, list):
        value, levels = (value[0] if value else None), levels + 1
    assert levels == MAX_JSON_DEPTH


def test_objects_count_as_levels_too() -> None:
    value = '{"a": ' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1)
    source = f'dialog hi\n    user says "a"\n    signal {value}\n'
    with pytest.raises(BotSyntaxError) as caught:
        parse(source, "x.bot")
    assert caught.value.diagnostics[0].message == "this JSON is nested too deeply"
