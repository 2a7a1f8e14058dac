"""A small vocabulary for JSON shapes, and the checker that reads a value against one.

The wire rules (`pollock.py` for json-pollock, `validate.py` for responses) are tables
built from these kinds. Their meaning is JSON Schema's, restricted to what LivePerson's
files use: `Record` is an object with `additionalProperties: false`, `OneOf` holds when
exactly one alternative fits, `Number(whole=True)` is `integer` (2.0 counts), text
length counts code points. Every problem carries a JSON path and a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Union

import attrs


@attrs.frozen
class Problem:
    """One thing wrong with a document: where (`$.elements[0].title`) and what, in words."""

    path: str
    message: str


@attrs.frozen
class Text:
    max_length: int | None = None
    min_length: int = 0


@attrs.frozen
class Choice:
    values: tuple[str, ...]


@attrs.frozen
class Number:
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False


@attrs.frozen
class Flag:
    """true or false."""


@attrs.frozen
class AnyList:
    """A list of anything (json-pollock's `metadata`)."""


@attrs.frozen
class AnyObject:
    """An object with any content (a payload passed through as is)."""


@attrs.frozen
class Null:
    """JSON null."""


@attrs.frozen
class ListOf:
    item: Spec
    noun: str  # plural, for messages: "actions"
    min_items: int = 0
    max_items: int | None = None


@attrs.frozen
class Positional:
    """A list whose items have fixed kinds by position (JSON Schema `items: [...]`)."""

    items: tuple[Spec, ...]
    noun: str
    min_items: int
    max_items: int


@attrs.frozen
class Field:
    name: str
    spec: Spec
    required: bool = False


@attrs.frozen
class Record:
    """An object with exactly these fields (`additionalProperties: false`)."""

    noun: str  # "a button"
    fields: tuple[Field, ...]


@attrs.frozen
class OneOf:
    """Exactly one of the alternatives must fit."""

    noun: str
    options: tuple[Spec, ...]


@attrs.frozen
class Ref:
    """A kind defined later, looked up when checked (for recursive shapes)."""

    resolve: Callable[[], Spec]


# A runtime alias naming classes defined above, so `X | Y` would work too; Union reads better.
Spec = Union[  # noqa: UP007
    Text, Choice, Number, Flag, AnyList, AnyObject, Null, ListOf, Positional, Record, OneOf, Ref,
]


def record(noun: str, kind: str | None, *fields: Field, required: tuple[str, ...] = ()) -> Record:
    """A Record with the given fields, the named ones required; with `kind`, a first field
    `type` that admits only `kind` (the json-pollock discriminator)."""
    typed = (Field("type", Choice((kind,))),) if kind else ()
    return Record(noun, tuple(
        attrs.evolve(f, required=f.name in required) for f in typed + fields))


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def member(path: str, key: str) -> str:
    """`path` extended by an object key: `$.title`, or `$["aria-label"]`."""
    return f"{path}.{key}" if _NAME.match(key) else f'{path}["{key}"]'


def describe(spec: Spec) -> str:
    """What a value of this kind is, in words: "text, at most 128 characters"."""
    match spec:
        case Text(max_length=None, min_length=low):
            return "non-empty text" if low else "text"
        case Text(max_length=limit):
            return f"text, at most {limit} characters"
        case Choice(values=values):
            return "one of " + ", ".join(f"`{v}`" for v in values)
        case Number(minimum=low, maximum=high, whole=whole):
            noun = "a whole number" if whole else "a number"
            if low is not None and high is not None:
                return f"{noun} from {low:g} to {high:g}"
            return f"{noun} of at least {low:g}" if low is not None else noun
        case Flag():
            return "true or false"
        case AnyList():
            return "a list"
        case AnyObject():
            return "an object"
        case Null():
            return "null"
        case ListOf(noun=noun, min_items=low, max_items=high):
            return f"a list of {count_words(low, high)} {noun}"
        case Positional(noun=noun):
            return f"a list holding {noun}"
        case Record(noun=noun) | OneOf(noun=noun):
            return noun
        case Ref(resolve=resolve):
            return describe(resolve())
    raise AssertionError(spec)  # pragma: no cover - the match is exhaustive


def count_words(low: int, high: int | None) -> str:
    """"1 to 24", "at most 4", "at least 1" or "any number of"."""
    if high is None:
        return f"at least {low}" if low else "any number of"
    return f"{low} to {high}" if low else f"at most {high}"


def type_names(spec: Spec) -> frozenset[str]:
    """The `type` values an object of this kind may carry (empty when it has no `type`)."""
    match spec:
        case Record(fields=fields):
            return frozenset(
                v for f in fields if f.name == "type" and isinstance(f.spec, Choice)
                for v in f.spec.values)
        case OneOf(options=options):
            return frozenset().union(*(type_names(o) for o in options))
        case Ref(resolve=resolve):
            return type_names(resolve())
    return frozenset()


def is_number(value: object) -> bool:
    """JSON Schema's `number`: an int or float, but not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_whole(value: object) -> bool:
    """JSON Schema's `integer` (draft 4 on): a number with no fractional part."""
    return isinstance(value, int | float) and not isinstance(value, bool) and (
        isinstance(value, int) or value.is_integer())


def check(spec: Spec, value: object, path: str, subject: str = "the value") -> list[Problem]:
    """Every problem of `value` read as `spec`, located under `path`; `subject` names the
    value in messages ("the `title` of a button")."""
    match spec:
        case Text(max_length=high, min_length=low):
            if not isinstance(value, str):
                return [Problem(path, f"{subject} must be {describe(spec)}, not {show(value)}")]
            if len(value) < low or (high is not None and len(value) > high):
                return [Problem(path, f"{subject} must be {describe(spec)}; "
                                      f"it has {len(value)}")]
        case Choice(values=values):
            if not isinstance(value, str) or value not in values:
                return [Problem(path, f"{subject} must be {describe(spec)}, not {show(value)}")]
        case Number():
            return _check_number(spec, value, path, subject)
        case Flag():
            if not isinstance(value, bool):
                return [Problem(path, f"{subject} must be true or false, not {show(value)}")]
        case AnyList() | AnyObject() | Null():
            if not isinstance(value, _PYTHON_TYPES[type(spec)]):
                return [Problem(path, f"{subject} must be {describe(spec)}, not {show(value)}")]
        case ListOf() | Positional():
            return _check_list(spec, value, path, subject)
        case Record():
            return _check_record(spec, value, path, subject)
        case OneOf():
            return _check_one_of(spec, value, path, subject)
        case Ref(resolve=resolve):
            return check(resolve(), value, path, subject)
    return []


_PYTHON_TYPES: dict[type, type] = {AnyList: list, AnyObject: dict, Null: type(None)}


def _check_number(spec: Number, value: object, path: str, subject: str) -> list[Problem]:
    if (is_whole(value) if spec.whole else is_number(value)):
        number = float(value)  # type: ignore[arg-type]
        low, high = spec.minimum, spec.maximum
        if (low is None or number >= low) and (high is None or number <= high):
            return []
    return [Problem(path, f"{subject} must be {describe(spec)}, not {show(value)}")]


def _check_list(
        spec: ListOf | Positional, value: object, path: str, subject: str) -> list[Problem]:
    if not isinstance(value, list):
        return [Problem(path, f"{subject} must be {describe(spec)}, not {show(value)}")]
    low, high = spec.min_items, spec.max_items
    if len(value) < low or (high is not None and len(value) > high):
        what = describe(spec) if isinstance(spec, ListOf) else \
            f"a list of {count_words(low, high)} items ({spec.noun})"
        return [Problem(path, f"{subject} must be {what}; it has {len(value)}")]
    kinds = spec.items if isinstance(spec, Positional) else (spec.item,) * len(value)
    return [p for i, (kind, item) in enumerate(zip(kinds, value, strict=False))
            for p in check(kind, item, f"{path}[{i}]", f"item {i} of {subject}")]


def _check_record(spec: Record, value: object, path: str, subject: str) -> list[Problem]:
    if not isinstance(value, dict):
        return [Problem(path, f"{subject} must be {spec.noun} (an object), not {show(value)}")]
    fields = {f.name: f for f in spec.fields}
    kinds = type_names(spec)
    # A wrong `type` rules the whole object out; saying more would only add noise.
    if kinds and "type" in value and not _names_one_of(value["type"], kinds):
        return check(fields["type"].spec, value["type"], member(path, "type"),
                     f"the `type` of {spec.noun}")
    problems = [
        Problem(path, f"{spec.noun} needs a `{f.name}` ({describe(f.spec)})")
        for f in spec.fields if f.required and f.name not in value
    ]
    for key, item in value.items():
        if key not in fields:
            known = ", ".join(f"`{name}`" for name in fields)
            problems.append(Problem(member(path, key),
                                    f"{spec.noun} has no field `{key}` (it has {known})"))
        else:
            problems.extend(check(fields[key].spec, item, member(path, key),
                                  f"the `{key}` of {spec.noun}"))
    return problems


def _check_one_of(spec: OneOf, value: object, path: str, subject: str) -> list[Problem]:
    outcomes = [(option, check(option, value, path, subject)) for option in spec.options]
    fitting = [option for option, problems in outcomes if not problems]
    if len(fitting) == 1:
        return []
    if fitting:
        names = " and ".join(describe(option) for option in fitting)
        return [Problem(path, f"{subject} is ambiguous: it fits {names}; give it a `type`")]
    if type_names(spec) and not isinstance(value, dict):
        return [Problem(path, f"{subject} must be {spec.noun} (an object), not {show(value)}")]
    kind = value.get("type") if isinstance(value, dict) else None
    if kind is not None:
        chosen = [problems for option, problems in outcomes
                  if _names_one_of(kind, type_names(option))]
        if chosen:
            return chosen[0]
        names = ", ".join(f"`{n}`" for n in sorted(type_names(spec)))
        return [Problem(member(path, "type"),
                        f"unknown `type` {show(kind)} for {spec.noun}; the kinds are {names}")]
    # Prefer the alternative whose fixed words (`"ttrType": "CUSTOM"`) the value already has.
    agreeing = [problems for option, problems in outcomes if _agrees(option, value)]
    return min(agreeing or [problems for _, problems in outcomes], key=len)


def _agrees(spec: Spec, value: object) -> bool:
    """Whether `value` has the discriminating fields of the record `spec` (its `type`, when
    required) and every enum field it has holds an allowed word; other kinds agree."""
    if not isinstance(spec, Record) or not isinstance(value, dict):
        return True
    if any(f.name == "type" and f.required and "type" not in value for f in spec.fields):
        return False
    return all(value[f.name] in f.spec.values for f in spec.fields
               if isinstance(f.spec, Choice) and f.name in value
               and isinstance(value[f.name], str))


def _names_one_of(kind: object, names: frozenset[str]) -> bool:
    return isinstance(kind, str) and kind in names


def show(value: object) -> str:
    """A short rendering of a JSON value for a message."""
    text = f'"{value}"' if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
