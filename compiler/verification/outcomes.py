"""The outcome classes of each integration call, for `botc verify`.

A call branches on what its result can mean to the bot, not on every possible reply:

- success: a 2xx whose body holds every field the bot reads (its `store` paths and the
  `response.body...` its branches read), each with a value of the kind the bot uses it as
  (a number where it computes or compares with numbers, a list where it joins or counts,
  else a word); one more success per value the bot compares a field with (`Order.state ==
  "shipped"` gives a body with `"shipped"` and one without; a number `n` gives n-1, n, n+1);
- each non-2xx status the bot tells apart (`Balance.status == 404`), and 500; their body
  has the same shape, so a bot that reads an error body finds it;
- a network failure (a timeout).

A `file` integration (an upload) succeeds (201) or fails (500). An API is assumed to
honour the shape the bot reads: a 2xx body that breaks a `store` is not explored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from botc.runtime.drivers.stubs import Outcome
from botc.runtime.testing.scripted import fails, returns
from botc.runtime.testing.vocabulary import (
    PathPart,
    body_path,
    compared_literals,
    expressions_of,
    put_at_path,
)

_LIST_USES = ("length", "first", "last", "join", "count", "sort", "list", "unique", "reverse")
_NUMBER_USES = ("int", "float", "round", "abs", "sum")
_MOST_SUCCESSES = 6


def outcome_classes(table: Mapping[str, Any]) -> dict[str, tuple[Outcome, ...]]:
    """Per integration name, the outcomes `botc verify` tries for each of its calls."""
    sources = _sources(table)
    expressions = expressions_of(table)
    classes: dict[str, tuple[Outcome, ...]] = {}
    for name, spec in (table.get("integrations") or {}).items():
        if spec.get("kind") == "file":
            classes[name] = (returns(status=201), returns(status=500))
            continue
        successes = _success_bodies(table, str(name), spec, sources, expressions)
        statuses = [
            s
            for s in compared_literals(f"{name}.status", expressions)
            + _response_statuses(table, str(name))
            if isinstance(s, int) and not 200 <= s < 300
        ]
        base = successes[0]
        refused = [returns(base, status=status) for status in dict.fromkeys([*statuses, 500])]
        classes[name] = (*(returns(b) for b in successes), fails(), *refused)
    return classes


def _success_bodies(
    table: Mapping[str, Any],
    name: str,
    spec: Mapping[str, Any],
    sources: list[str],
    expressions: list[str],
) -> list[Any]:
    reads: list[tuple[tuple[PathPart, ...], str, list[Any]]] = []  # path, kind, compared
    for store in spec.get("stores") or []:
        expression = str(store.get("expression", ""))
        path = body_path(expression)
        if path is None:
            continue
        field = f"{name}.{store.get('field')}"
        compared = list(dict.fromkeys(compared_literals(field, expressions)))
        reads.append((path, _kind(expression, field, sources, compared), compared))
    for expression in _call_branch_expressions(table, name):
        path = body_path(expression)
        if path is not None and all(path != known for known, _, _ in reads):
            compared = compared_literals("response.body" + _dotted(path), [expression])
            reads.append((path, _kind(expression, None, [], compared), compared))
    base: Any = {}
    for path, kind, compared in reads:
        base = put_at_path(base, path, compared[0] if compared else _value(kind))
    bodies = [base]
    for path, _, compared in reads:
        for value in _variants(compared):
            body = put_at_path(base, path, value)
            if body not in bodies and len(bodies) < _MOST_SUCCESSES:
                bodies.append(body)
    return bodies


def _variants(compared: list[Any]) -> list[Any]:
    """The values worth trying for a field compared with `compared`."""
    values: list[Any] = []
    for value in compared:
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            values += [value - 1, value, value + 1]
        else:
            values.append(value)
    if compared and all(isinstance(v, str) for v in compared):
        values.append("other")
    return list(dict.fromkeys(values))


def _kind(expression: str, field: str | None, sources: list[str], compared: list[Any]) -> str:
    """How the bot uses a value: "number", "list" or "text"."""
    if any(isinstance(v, int | float) and not isinstance(v, bool) for v in compared):
        return "number"
    uses = _uses_after(r"response\.body[\w.\[\]\"']*", expression)
    if field is not None:
        for source in sources:
            uses += _uses_after(re.escape(field) + r"\b", source)
    if any(use in _LIST_USES or use == "[" for use in uses):
        return "list"
    if any(use in _NUMBER_USES or use in "<>+-*/%" for use in uses):
        return "number"
    return "text"


def _uses_after(name: str, source: str) -> list[str]:
    """What follows each use of `name` in `source`: a filter's name, `[`, or an operator."""
    uses = []
    for match in re.finditer(name + r"\s*(\|\s*(\w+)|\[|[<>+\-*/%])", source):
        uses.append(match.group(2) or match.group(1)[0])
    return uses


def _value(kind: str) -> Any:
    if kind == "number":
        return 1
    if kind == "list":
        return ["alpha", "beta"]
    return "sample"


def _dotted(path: tuple[PathPart, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _call_branch_expressions(table: Mapping[str, Any], name: str) -> list[str]:
    return [
        str(branch["expression"])
        for step in table.get("steps") or []
        if step.get("op") == "call" and (step.get("args") or {}).get("integration") == name
        for branch in step.get("branches") or []
        if branch.get("expression")
    ]


def _response_statuses(table: Mapping[str, Any], name: str) -> list[Any]:
    return compared_literals("response.status", _call_branch_expressions(table, name))


def _sources(table: Mapping[str, Any]) -> list[str]:
    """Every template and expression text of the table's steps."""
    found: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)

    for step in table.get("steps") or []:
        collect(step.get("args"))
        for branch in step.get("branches") or []:
            if branch.get("expression"):
                found.append(str(branch["expression"]))
    return found
