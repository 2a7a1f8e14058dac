"""Which of a rule's symbol values become the children its builder method gets, as lark's
tree would have them, read off lark's own child filter and applied without it.

lark's filter leaves out keywords and layout tokens, puts None for an optional part left
out (`maybe_placeholders`), and splices in the children of an inlined rule (`_rule`, and
the `x*` / `x+` lists lark makes) — looping in Python over the symbols on every reduce,
and wanting a `Tree` with `.children` for each spliced rule. Here the filter is run once
per rule on stand-ins for the symbols, and what it did becomes a recipe: one `itemgetter`
when nothing is spliced; when something is, an inlined rule's result is a plain list and
is extended in place (a list grows by one item per reduce, as lark's does).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

import attrs

Keep = Callable[[list[Any]], list[Any]]


@attrs.frozen
class _Spliced:
    """In a run of lark's filter on stand-ins: the children of symbol `index` went here."""

    index: int


class _StandIn:
    """A symbol's value while lark's filter is run to see what it keeps."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.children = [_Spliced(index)]


# A recipe step: keep symbol i's value, splice in symbol i's list, or put None.
_KEEP, _SPLICE, _NONE = "keep", "splice", "none"
RecipeStep = tuple[str, int]


def recipe_of(child_filter: Keep, size: int) -> tuple[RecipeStep, ...]:
    """What `child_filter` (lark's, for a rule of `size` symbols) does, step by step."""
    kept = child_filter([_StandIn(index) for index in range(size)])
    steps = []
    for item in kept:
        if item is None:
            steps.append((_NONE, size))
        elif isinstance(item, _Spliced):
            steps.append((_SPLICE, item.index))
        else:
            steps.append((_KEEP, item.index))
    return tuple(steps)


def keeper(recipe: tuple[RecipeStep, ...], size: int) -> Keep:
    """The children of a rule of `size` symbols whose lark filter does `recipe`."""
    if all(kind != _SPLICE for kind, _ in recipe):
        return _picker(tuple(index for _, index in recipe), size)
    if len(recipe) == 2 and recipe[0] == (_SPLICE, 0) and recipe[1][0] == _KEEP:
        index = recipe[1][1]

        def grow(children: list[Any]) -> list[Any]:  # `x_list: x_list x`: grown in place
            kept: list[Any] = children[0]
            kept.append(children[index])
            return kept

        return grow
    return _general(recipe)


def _picker(picks: tuple[int, ...], size: int) -> Keep:
    """Symbols picked by index; the index `size` (one past the last) stands for None."""
    if not picks:  # `next_target: "next"`
        return lambda children: []
    if len(picks) == 1:
        (index,) = picks
        if index == size:
            return lambda children: [None]
        return lambda children: [children[index]]
    pick = itemgetter(*picks)
    if size in picks:
        return lambda children: list(pick([*children, None]))
    return lambda children: list(pick(children))


def _general(recipe: tuple[RecipeStep, ...]) -> Keep:
    """Any recipe; a list spliced in first is extended in place (as lark's filter does)."""

    def keep(children: list[Any]) -> list[Any]:
        kept: list[Any] = []
        for position, (kind, index) in enumerate(recipe):
            if kind == _SPLICE:
                if position == 0:
                    kept = children[index]
                else:
                    kept.extend(children[index])
            elif kind == _KEEP:
                kept.append(children[index])
            else:
                kept.append(None)
        return kept

    return keep
