"""Wildcard pattern items expanded into globs, the flat forms a pattern can take.

A table pattern (docs/TABLE.md "Pattern items") is a tree of `text`, `star`, `choice`
and `optional` items. Matching is easiest on its *globs*: literal text with stars in
between (`lit0 * lit1 * ... * litK`). `expand_items` turns one pattern into its globs, in
the order that decides captures (see `runtime/matching/matcher.py`):

1. Stars are numbered in written order (depth first, alternatives left to right), so a
   pattern has the same number of captures whichever form matched.
2. *Structure*: every choice takes one alternative (in written order), every optional
   is present, then absent (a product, earlier decisions varying slowest). An absent
   optional takes one adjacent space with it: the nearest space left of it, else the
   one right of it, if the text there is a space. An empty alternative takes no space.
3. *Stars*: each star, left to right, is kept (it matches any run of characters,
   possibly empty), or, when it has a space right before it, dropped together with that
   space, or, when it has a space right after it, dropped together with that space. A
   dropped star captures "". This is LANGUAGE.md 4.1's "a `*` next to a space may take
   that space with it when it matches nothing".

Forms that come out equal are kept once (the first). A pattern with more than
`MAX_GLOBS` forms is refused with `PatternShapeError` rather than slowing every route.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs

from botc.runtime.limits import MAX_PATTERN_FORMS

MAX_GLOBS = MAX_PATTERN_FORMS

_GAP = -1  # marker of an absent optional while its space is being taken

# A token of a flat form: literal text, a star's number (>= 0), or _GAP.
_Token = str | int


class PatternShapeError(ValueError):
    """Pattern items that are not the table's item structure, or that expand too far."""


class Glob(NamedTuple):
    """One flat form: `literals` has one more entry than `stars`; `stars[i]` is the
    written number of the star between `literals[i]` and `literals[i + 1]`.

    A NamedTuple rather than attrs: a big table makes 100,000s of them at load, and a
    frozen attrs instance costs some 20 times more to create."""

    literals: tuple[str, ...]
    stars: tuple[int, ...]

    @property
    def text(self) -> str:
        """The literal text of a form without stars (its only literal)."""
        return self.literals[0]


@attrs.frozen
class Expansion:
    """All globs of one pattern in capture order, and how many stars it was written with."""

    globs: tuple[Glob, ...]
    star_count: int


def expand_items(items: object) -> Expansion:
    """Pattern items (table JSON) -> their globs; raises PatternShapeError."""
    if isinstance(items, list) and len(items) == 1:
        # a plain phrase, the most common pattern by far: its one form is itself
        text = items[0].get("text") if isinstance(items[0], dict) and len(items[0]) == 1 else None
        if isinstance(text, str):
            return Expansion(globs=(Glob(literals=(text,), stars=()),), star_count=0)
    flat = _flat(items)
    if flat is not None:
        # only text and stars: one structure, no gaps
        structures = [flat]
        star_count = sum(isinstance(token, int) for token in flat)
    else:
        tree, star_count = _numbered(items, 0)
        structures = _structures(tree)
    globs: dict[Glob, None] = {}
    for structure in structures:
        for form in _star_forms(_without_gaps(structure)):
            globs.setdefault(_glob(form), None)
            if len(globs) > MAX_GLOBS:
                raise PatternShapeError(
                    f"the pattern has more than {MAX_GLOBS} forms; use fewer choices and optionals"
                )
    return Expansion(globs=tuple(globs), star_count=star_count)


def _flat(items: object) -> list[_Token] | None:
    """Items made only of text and stars as tokens (stars numbered), else None."""
    if not isinstance(items, list):
        return None
    tokens: list[_Token] = []
    star = 0
    for item in items:
        if not isinstance(item, dict) or len(item) != 1:
            return None
        text = item.get("text")
        if isinstance(text, str):
            if text:
                tokens.append(text)
        elif item.get("star") is True:
            tokens.append(star)
            star += 1
        else:
            return None
    return _merged(tokens)


# A numbered item: ("text", str) | ("star", int) | ("choice", alternatives) | ("optional", items)
_Node = tuple[str, object]


def _numbered(items: object, first_star: int) -> tuple[list[_Node], int]:
    """Check the item structure and number the stars depth first; returns (nodes, next)."""
    if not isinstance(items, list | tuple):
        raise PatternShapeError(f"pattern items must be a list, not {type(items).__name__}")
    nodes: list[_Node] = []
    star = first_star
    for item in items:
        if not isinstance(item, dict) or len(item) != 1:
            raise PatternShapeError(f"a pattern item must be an object with one key: {item!r}")
        ((kind, value),) = item.items()
        if kind == "text" and isinstance(value, str):
            nodes.append(("text", value))
        elif kind == "star" and value is True:
            nodes.append(("star", star))
            star += 1
        elif kind == "choice" and isinstance(value, list) and value:
            alternatives = []
            for alternative in value:
                numbered, star = _numbered(alternative, star)
                alternatives.append(numbered)
            nodes.append(("choice", alternatives))
        elif kind == "optional":
            numbered, star = _numbered(value, star)
            nodes.append(("optional", numbered))
        else:
            raise PatternShapeError(f"unknown pattern item: {item!r}")
    return nodes, star


def _structures(nodes: list[_Node]) -> list[list[_Token]]:
    """Every choice/optional decision, earlier decisions varying slowest."""
    forms: list[list[_Token]] = [[]]
    for node in nodes:
        options = _node_options(node)
        forms = [form + option for form in forms for option in options]
        if len(forms) > MAX_GLOBS:
            raise PatternShapeError(
                f"the pattern has more than {MAX_GLOBS} forms; use fewer choices and optionals"
            )
    return forms


def _node_options(node: _Node) -> list[list[_Token]]:
    kind, value = node
    if kind == "text":
        assert isinstance(value, str)
        return [[value]]
    if kind == "star":
        assert isinstance(value, int)
        return [[value]]
    if kind == "choice":
        assert isinstance(value, list)
        return [option for alternative in value for option in _structures(alternative)]
    assert isinstance(value, list)
    return [*_structures(value), [_GAP]]


def _merged(tokens: list[_Token]) -> list[_Token]:
    """Adjacent literal texts joined, empty ones left out."""
    out: list[_Token] = []
    for token in tokens:
        if isinstance(token, str):
            if not token:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + token
                continue
        out.append(token)
    return out


def _without_gaps(tokens: list[_Token]) -> list[_Token]:
    """Remove each absent optional, left to right, with one adjacent space."""
    form = _merged(tokens)
    while _GAP in form:
        at = form.index(_GAP)
        left = form[at - 1] if at > 0 else None
        right_at = at + 1
        while right_at < len(form) and form[right_at] == _GAP:
            right_at += 1
        right = form[right_at] if right_at < len(form) else None
        if isinstance(left, str) and left.endswith(" "):
            form[at - 1] = left[:-1]
        elif isinstance(right, str) and right.startswith(" "):
            form[right_at] = right[1:]
        del form[at]
        form = _merged(form)
    return form


def _star_forms(tokens: list[_Token]) -> list[list[_Token]]:
    """Each star kept, dropped with the space before it, or with the space after it."""
    forms = [tokens]
    for star in [token for token in tokens if isinstance(token, int)]:
        grown: list[list[_Token]] = []
        for form in forms:
            grown.append(form)
            at = form.index(star)
            left = form[at - 1] if at > 0 else None
            right = form[at + 1] if at + 1 < len(form) else None
            if isinstance(left, str) and left.endswith(" "):
                grown.append(_merged([*form[: at - 1], left[:-1], *form[at + 1 :]]))
            if isinstance(right, str) and right.startswith(" "):
                grown.append(_merged([*form[:at], right[1:], *form[at + 2 :]]))
        if len(grown) > MAX_GLOBS:
            raise PatternShapeError(
                f"the pattern has more than {MAX_GLOBS} forms; use fewer stars next to spaces"
            )
        forms = grown
    return forms


def _glob(tokens: list[_Token]) -> Glob:
    literals = [""]
    stars: list[int] = []
    for token in tokens:
        if isinstance(token, str):
            literals[-1] += token
        else:
            stars.append(token)
            literals.append("")
    return Glob(literals=tuple(literals), stars=tuple(stars))
