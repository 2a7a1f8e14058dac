"""A rule's builder method gets the children lark's tree would have had: for every rule of
the grammar, the recipe read off lark's child filter keeps what the filter keeps."""

from __future__ import annotations

from typing import Any

import pytest
from lark import Tree
from lark.parse_tree_builder import ExpandSingleChild, ParseTreeBuilder

from botc.dsl.child_picks import keeper, recipe_of
from botc.dsl.lark_parser import bot_parser


def _filtered_rules() -> list[tuple[Any, Any]]:
    lark = bot_parser()
    builder = ParseTreeBuilder(lark.rules, Tree, False, False, True)  # type: ignore[no-untyped-call]
    found = []
    for rule, wrappers in builder.rule_builders:
        filters = [wrapper for wrapper in wrappers if wrapper is not ExpandSingleChild]
        if filters:
            found.append((rule, filters[0](lambda children: children)))
    return found


RULES = _filtered_rules()


def _values(rule: Any, spliced: type) -> list[Any]:
    """A value per symbol; an inlined rule's is two items, as a Tree (lark) or a list (ours)."""
    values: list[Any] = []
    for index, symbol in enumerate(rule.expansion):
        if not symbol.is_term and symbol.name.startswith("_"):
            items = [f"{index}a", f"{index}b"]
            values.append(Tree(symbol.name, items) if spliced is Tree else items)
        else:
            values.append(f"{index}")
    return values


def test_the_grammar_has_rules_that_splice_and_rules_that_leave_parts_out() -> None:
    recipes = [recipe_of(lark_filter, len(rule.expansion)) for rule, lark_filter in RULES]
    kinds = {kind for recipe in recipes for kind, _ in recipe}
    assert kinds == {"keep", "splice", "none"}


@pytest.mark.parametrize(("rule", "lark_filter"), RULES, ids=lambda value: str(value))
def test_the_recipe_keeps_what_larks_filter_keeps(rule: Any, lark_filter: Any) -> None:
    keep = keeper(recipe_of(lark_filter, len(rule.expansion)), len(rule.expansion))
    assert keep(_values(rule, list)) == lark_filter(_values(rule, Tree))


def test_a_list_spliced_first_grows_in_place() -> None:
    (rule, lark_filter) = next(
        (rule, f)
        for rule, f in RULES
        if rule.origin.name.startswith("__") and rule.expansion[0] == rule.origin
    )
    keep = keeper(recipe_of(lark_filter, len(rule.expansion)), len(rule.expansion))
    values = _values(rule, list)
    assert keep(values) is values[0]
