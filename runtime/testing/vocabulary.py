"""What a bot listens for, read from its table: the raw material of generated conversations.

Patterns of `user says` lines, the literals its conditions compare with (regexes given to
`matching(...)`, quoted strings, numbers), the file types its `upload` steps accept, and
the response-body paths its integrations' `store` expressions read. Pure reading; the
Hypothesis strategies in `strategies.py` turn this into events.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import Any

import attrs

from botc.runtime.defaults import UPLOAD_MAX_BYTES

_STRING = r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'"
_STRING_LITERAL = re.compile(_STRING)
_MATCHING = re.compile(r"matching\(\s*(" + _STRING + r")\s*\)")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
_BODY_PATH = re.compile(r"response\.body((?:\.[A-Za-z_]\w*|\[\s*(?:\d+|" + _STRING + r")\s*\])*)")
_PATH_PART = re.compile(r"\.([A-Za-z_]\w*)|\[\s*(\d+)\s*\]|\[\s*(" + _STRING + r")\s*\]")

PathPart = str | int


@attrs.frozen
class Upload:
    """An `upload` step: the types it accepts (as written) and its size limit."""

    step: int
    accept: tuple[str, ...]
    max_bytes: int


@attrs.frozen
class IntegrationReads:
    """An integration and the response-body paths its `store` expressions read."""

    name: str
    kind: str  # "api" or "file"
    paths: tuple[tuple[PathPart, ...], ...]
    # per path, the literals the bot compares that store's field with (`Order.state == "x"`)
    compared: tuple[tuple[Any, ...], ...] = ()


@attrs.frozen
class Answers:
    """What an `ask` step's branches look for: regexes and literals of its conditions."""

    regexes: tuple[str, ...]
    literals: tuple[str, ...]


@attrs.frozen
class Walk:
    """A way through one dialog: the patterns that start it, then each `ask` in order."""

    dialog: int
    patterns: tuple[tuple[Any, ...], ...]
    regexes: tuple[str, ...]
    asks: tuple[Answers, ...]


@attrs.frozen
class Vocabulary:
    """Everything the strategies build texts, files and outcomes from."""

    patterns: tuple[tuple[Any, ...], ...]  # parsed pattern items (docs/TABLE.md), non-regex
    regexes: tuple[str, ...]  # `/regex/` patterns and `matching(...)` arguments
    excludes: tuple[str, ...]
    literals: tuple[str, ...]  # quoted strings and numbers from conditions
    uploads: tuple[Upload, ...]
    integrations: tuple[IntegrationReads, ...]
    functions: tuple[str, ...]
    has_rich_content: bool
    has_signal: bool
    escalates: bool  # the bot has an `escalate` step, so escalation failures matter
    escalation_attempts: int
    walks: tuple[Walk, ...] = ()


def vocabulary(table: Mapping[str, Any]) -> Vocabulary:
    """Read a table (docs/TABLE.md) for what its conversations can say and receive."""
    triggers = table.get("triggers") or {}
    patterns = triggers.get("patterns") or []
    expressions = list(expressions_of(table))
    regexes = [p["regex"] for p in patterns if p.get("regex")]
    regexes += [r for e in expressions for r in matching_regexes(e)]
    literals = [lit for e in expressions for lit in _literals(e)]
    return Vocabulary(
        patterns=tuple(tuple(p["pattern"]) for p in patterns if p.get("pattern") is not None),
        regexes=tuple(dict.fromkeys(regexes)),
        excludes=tuple(dict.fromkeys(w for p in patterns for w in p.get("excludes") or [])),
        literals=tuple(dict.fromkeys(literals)),
        uploads=tuple(_uploads(table)),
        integrations=tuple(_integrations(table)),
        functions=tuple(table.get("functions") or {}),
        has_rich_content=triggers.get("rich_content") is not None,
        has_signal=triggers.get("signal") is not None,
        escalates=any(step.get("op") == "escalate" for step in table.get("steps") or []),
        escalation_attempts=int((table.get("bot") or {}).get("escalation_attempts") or 4),
        walks=tuple(_walks(table)),
    )


def _walks(table: Mapping[str, Any]) -> list[Walk]:
    """For each dialog started by `user says`: its patterns and the answers its asks want."""
    patterns = (table.get("triggers") or {}).get("patterns") or []
    walks = []
    for index, _ in enumerate(table.get("dialogs") or []):
        own = [p for p in patterns if p.get("dialog") == index]
        if not own:
            continue
        asks = [
            _answers(step)
            for dialog in _dialogs_reached(table, index)
            for step in table.get("steps") or []
            if step.get("dialog") == dialog and step.get("op") == "ask"
        ]
        walks.append(
            Walk(
                dialog=index,
                patterns=tuple(tuple(p["pattern"]) for p in own if p.get("pattern") is not None),
                regexes=tuple(p["regex"] for p in own if p.get("regex")),
                asks=tuple(asks),
            )
        )
    return walks


def _dialogs_reached(table: Mapping[str, Any], start: int, most: int = 4) -> list[int]:
    """`start`, then the dialogs its `goto dialog` steps and branches lead to, in order."""
    steps = table.get("steps") or []
    reached = [start]
    for dialog in reached:
        for step in steps:
            if step.get("dialog") != dialog:
                continue
            targets = [(step.get("args") or {}).get("target")]
            targets += [b.get("target") for b in step.get("branches") or []]
            for target in targets:
                goes = target.get("dialog") if isinstance(target, dict) else None
                if isinstance(goes, int) and goes not in reached and len(reached) < most:
                    reached.append(goes)
    return reached


def _answers(step: Mapping[str, Any]) -> Answers:
    expressions = [str(b["expression"]) for b in step.get("branches") or [] if b.get("expression")]
    return Answers(
        regexes=tuple(r for e in expressions for r in matching_regexes(e)),
        literals=tuple(lit for e in expressions for lit in _literals(e)),
    )


def expressions_of(table: Mapping[str, Any]) -> list[str]:
    """The source of every condition and `set` expression of the steps."""
    found: list[str] = []
    for step in table.get("steps") or []:
        for branch in step.get("branches") or []:
            if branch.get("expression"):
                found.append(str(branch["expression"]))
        args = step.get("args") or {}
        if step.get("op") == "set" and args.get("expression"):
            found.append(str(args["expression"]))
    return found


def string_literal(literal: str) -> str | None:
    """The string a Python/Jinja2 string literal (`"a\\"b"`, `'x'`) spells, else None."""
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


def matching_regexes(expression: str) -> list[str]:
    """The regexes of an expression's `matching("...")` tests (empty ones left out)."""
    return [r for r in (string_literal(m.group(1)) for m in _MATCHING.finditer(expression)) if r]


def string_literals(expression: str) -> list[str]:
    """The quoted strings of an expression, other than its `matching` regexes."""
    regexes = {m.group(1) for m in _MATCHING.finditer(expression)}
    return [
        text
        for m in _STRING_LITERAL.finditer(expression)
        if m.group(0) not in regexes and (text := string_literal(m.group(0))) is not None
    ]


def number_literals(expression: str) -> list[str]:
    """The numbers written in an expression outside its strings, as written."""
    return [m.group(0) for m in _NUMBER.finditer(_STRING_LITERAL.sub(" ", expression))]


def _literals(expression: str) -> list[str]:
    """Quoted strings (other than `matching` regexes) and numbers of an expression."""
    return string_literals(expression) + number_literals(expression)


def _uploads(table: Mapping[str, Any]) -> list[Upload]:
    uploads = []
    for step in table.get("steps") or []:
        if step.get("op") == "upload":
            args = step.get("args") or {}
            uploads.append(
                Upload(
                    step=int(step.get("id", 0)),
                    accept=tuple(str(a) for a in args.get("accept") or []),
                    max_bytes=int(args.get("max_bytes") or UPLOAD_MAX_BYTES),
                )
            )
    return uploads


def _integrations(table: Mapping[str, Any]) -> list[IntegrationReads]:
    expressions = expressions_of(table)
    found = []
    for name, spec in (table.get("integrations") or {}).items():
        paths, compared = [], []
        for store in spec.get("stores") or []:
            path = body_path(str(store.get("expression", "")))
            if path is not None:
                paths.append(path)
                field = f"{name}.{store.get('field')}"
                compared.append(tuple(dict.fromkeys(compared_literals(field, expressions))))
        found.append(
            IntegrationReads(
                name=str(name),
                kind=str(spec.get("kind", "api")),
                paths=tuple(paths),
                compared=tuple(compared),
            )
        )
    return found


def compared_literals(field: str, expressions: list[str]) -> list[Any]:
    """Literals `field` is compared with in any of `expressions`: strings as `str`, numbers
    as `int` or `float` (a field compared with a number is one)."""
    name = re.escape(field)
    literal = r"(" + _STRING + r"|-?\d+(?:\.\d+)?)"
    operator = r"\s*(?:==|!=|<=|>=|<|>|in)\s*"
    around = re.compile(name + operator + literal + "|" + literal + operator + name)
    values: list[Any] = []
    for expression in expressions:
        for match in around.finditer(expression):
            text = match.group(1) or match.group(2)
            if text[0] in "\"'":
                decoded = string_literal(text)
                if decoded is not None:
                    values.append(decoded)
            else:
                values.append(float(text) if "." in text else int(text))
    return values


def body_path(expression: str) -> tuple[PathPart, ...] | None:
    """The `response.body` path an expression reads (`response.body.data[0].x` ->
    `("data", 0, "x")`), or None when it does not read one."""
    match = _BODY_PATH.search(expression)
    if match is None:
        return None
    parts: list[PathPart] = []
    for part in _PATH_PART.finditer(match.group(1)):
        name, index, key = part.groups()
        if name is not None:
            parts.append(name)
        elif index is not None:
            parts.append(int(index))
        else:
            parts.append(string_literal(key) or "")
    return tuple(parts)


def put_at_path(body: Any, path: tuple[PathPart, ...] | list[PathPart], value: Any) -> Any:
    """`body` with `value` at `path`, creating objects and arrays on the way."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(body) if isinstance(body, list) else []
        items.extend({} for _ in range(head + 1 - len(items)))
        items[head] = put_at_path(items[head], rest, value)
        return items
    record = dict(body) if isinstance(body, dict) else {}
    record[head] = put_at_path(record.get(head), rest, value)
    return record
