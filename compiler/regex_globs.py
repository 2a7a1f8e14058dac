"""Regexes seen as globs (literal text with `*` in between), so that pattern inclusion can
be decided by glob matching (compiler.pattern_inclusion).

`over_globs(regex)`: globs whose texts include every text the regex fully matches (a
character class, a `.` or a repetition becomes `*`; alternatives and optional parts
of literal text are expanded), or None when the regex uses what cannot be bounded that
way (look-arounds, back-references) or expands too far. `exact_globs(regex)`: the same
only when the globs match exactly the regex's texts (literals, `.*`, literal
alternatives and optionals), else None. A leading `(?i)` lowers the literals: texts are
matched in lower case, so the upper-case texts it also takes never arrive.
"""

from __future__ import annotations

import re
import re._constants as sre_constants  # type: ignore[import-not-found]  # node kinds
import re._parser as sre_parse  # type: ignore[import-not-found]  # no stub; stable since 3.11
from typing import Any

from botc.runtime.matching.pattern_globs import Glob

_MAX_FORMS = 64
STAR = "\x00"  # stands for a star while forms are built; never in a normalized text

Form = str  # literal characters, with STAR for each star


def over_globs(regex: str) -> tuple[Glob, ...] | None:
    return _globs(regex, exact=False)


def exact_globs(regex: str) -> tuple[Glob, ...] | None:
    return _globs(regex, exact=True)


def _globs(regex: str, *, exact: bool) -> tuple[Glob, ...] | None:
    try:
        tree = sre_parse.parse(regex)
    except (re.error, RecursionError, OverflowError):
        return None
    lower = bool(tree.state.flags & re.IGNORECASE)
    if lower and exact and any(c.isalpha() for c in _literal_chars(tree)):
        return None  # upper-case variants are not texts of the globs
    forms = _sequence(list(tree), exact)
    if forms is None:
        return None
    return tuple(_glob(form.lower() if lower else form) for form in dict.fromkeys(forms))


def _literal_chars(tree: Any) -> list[str]:
    found: list[str] = []
    for op, value in tree:
        if op is sre_constants.LITERAL:
            found.append(chr(value))
        elif isinstance(value, tuple | list):
            for part in value:
                if isinstance(part, sre_parse.SubPattern):
                    found.extend(_literal_chars(part))
                elif isinstance(part, list):
                    for alternative in part:
                        if isinstance(alternative, sre_parse.SubPattern):
                            found.extend(_literal_chars(alternative))
    return found


def _sequence(items: list[tuple[Any, Any]], exact: bool) -> list[Form] | None:
    forms: list[Form] = [""]
    for op, value in items:
        parts = _item(op, value, exact)
        if parts is None:
            return None
        forms = [_join(a, b) for a in forms for b in parts]
        if len(forms) > _MAX_FORMS:
            return None
    return forms


def _item(op: Any, value: Any, exact: bool) -> list[Form] | None:
    if op is sre_constants.LITERAL:
        return [chr(value)]
    if op is sre_constants.AT:
        return [""]  # ^ and $: patterns match the whole text anyway
    if op is sre_constants.SUBPATTERN:
        return _sequence(list(value[-1]), exact)
    if op is sre_constants.BRANCH:
        forms: list[Form] = []
        for alternative in value[1]:
            found = _sequence(list(alternative), exact)
            if found is None:
                return None
            forms.extend(found)
        return forms
    if op is sre_constants.IN and len(value) == 1 and value[0][0] is sre_constants.LITERAL:
        return [chr(value[0][1])]  # `[?]`: one character
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        low, high, inner = value
        inner_items = list(inner)
        if low == 0 and high == 1:
            found = _sequence(inner_items, exact)
            return None if found is None else ["", *found]
        if (
            low == 0
            and high == sre_constants.MAXREPEAT
            and len(inner_items) == 1
            and inner_items[0][0] is sre_constants.ANY
        ):
            return [STAR]
        return None if exact else [STAR]
    if op in (sre_constants.ANY, sre_constants.IN, sre_constants.NOT_LITERAL):
        return None if exact else [STAR]
    return None  # look-arounds, back-references, conditionals: not bounded here


def _join(left: Form, right: Form) -> Form:
    if left.endswith(STAR) and right.startswith(STAR):
        return left + right[1:]
    return left + right


def _glob(form: Form) -> Glob:
    literals = tuple(form.split(STAR))
    return Glob(literals, tuple(range(len(literals) - 1)))


def witnesses(regex: str) -> list[str]:
    """A few texts the regex fully matches (each part at its fewest repetitions, then at a
    few more; first and last alternatives), for refuting an inclusion cheaply."""
    try:
        tree = sre_parse.parse(regex)
        compiled = re.compile(regex)
    except (re.error, RecursionError, OverflowError):
        return []
    found = []
    for longer in (False, True):
        text = _witness(list(tree), longer)
        if text is not None and compiled.fullmatch(text):
            found.append(text)
    return found


def _witness(items: list[tuple[Any, Any]], longer: bool) -> str | None:
    out: list[str] = []
    for op, value in items:
        part = _witness_item(op, value, longer)
        if part is None:
            return None
        out.append(part)
    return "".join(out)


def _witness_item(op: Any, value: Any, longer: bool) -> str | None:
    if op is sre_constants.LITERAL:
        return chr(value)
    if op is sre_constants.AT:
        return ""
    if op is sre_constants.ANY:
        return "a"
    if op is sre_constants.SUBPATTERN:
        return _witness(list(value[-1]), longer)
    if op is sre_constants.BRANCH:
        alternatives = value[1]
        return _witness(list(alternatives[-1 if longer else 0]), longer)
    if op is sre_constants.IN:
        return _class_member(value)
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        low, high, inner = value
        count = min(high, low + 3) if longer else low
        part = _witness(list(inner), longer)
        return None if part is None else part * count
    return None


def _class_member(members: list[tuple[Any, Any]]) -> str | None:
    for op, value in members:
        if op is sre_constants.NEGATE:
            return None
        if op is sre_constants.LITERAL:
            return chr(value)
        if op is sre_constants.RANGE:
            return chr(value[0])
        if op is sre_constants.CATEGORY:
            return {"CATEGORY_DIGIT": "0", "CATEGORY_WORD": "a", "CATEGORY_SPACE": " "}.get(
                str(value)
            )
    return None
