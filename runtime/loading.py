"""Loading a compiled table (docs/TABLE.md, `botc-table/1`) into a runnable `Table`.

Loading does every costly thing once: it checks the format version, validates the
document against `runtime/table_schema.json` (with jsonschema-rs, a compiled validator),
builds the trigger index and compiles every template and expression in a fresh Jinja2
sandbox — those of plainly valid syntax (`{{ name | filter }}`) when first used
(`runtime/compile_on_use.py`), so a big bot loads in well under a second. `step` then
only looks things up. Any problem is a `TableError` naming the JSON path of the bad value.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import jinja2
import jsonschema_rs

from botc.runtime.compile_on_use import expression_on_use, template_on_use
from botc.runtime.faults import TableError
from botc.runtime.json_types import JsonDict
from botc.runtime.limits import MAX_MESSAGE_CHARS
from botc.runtime.matching.matcher import TriggerIndex
from botc.runtime.steps import OPERATIONS
from botc.runtime.templates import Expression, build_environment
from botc.runtime.wire.functions import FunctionsFormatError
from botc.runtime.wire.functions import check_table as check_functions_table

TABLE_FORMAT: Final = "botc-table/1"
# How deep the trigger patterns (the one recursive part of the schema) may nest, counted in
# JSON levels from the document: a 60-group pattern is about 186, the compiler's limit of
# 20 groups about 66. Deeper ones are refused before validation, which recurses on them.
MAX_PATTERN_DEPTH: Final = 200


@attrs.frozen(eq=False)
class Table:
    """A loaded table: the raw document and what was compiled from it once.

    `templates` and `expressions` are keyed by their source text. Tables compare and hash
    by identity (a loaded table is one object shared by every conversation).
    """

    data: JsonDict
    triggers: TriggerIndex
    templates: Mapping[str, jinja2.Template]
    expressions: Mapping[str, Expression]
    # the longest consumer text the bot reads; longer ones are cut (runtime/limits.py)
    max_message_chars: int = MAX_MESSAGE_CHARS

    @property
    def bot(self) -> JsonDict:
        """The `bot` settings, with `texts` (docs/TABLE.md)."""
        return self.data["bot"]  # type: ignore[no-any-return]

    @property
    def steps(self) -> list[JsonDict]:
        """The flat step array; a step's id is its index."""
        return self.data["steps"]  # type: ignore[no-any-return]

    @property
    def dialogs(self) -> list[JsonDict]:
        """The dialogs in file order; a dialog's id is its index."""
        return self.data["dialogs"]  # type: ignore[no-any-return]

    @property
    def integrations(self) -> JsonDict:
        """The integrations by name."""
        return self.data["integrations"]  # type: ignore[no-any-return]

    @property
    def source(self) -> str:
        """The `.bot` file the table was compiled from (for fault locations)."""
        return str(self.data.get("source") or "<table>")

    def event_dialog(self, trigger: str) -> int | None:
        """The dialog of an event trigger (`start`, `fallback`, `rich_content`, `signal`)."""
        value = self.data["triggers"].get(trigger)
        return value if isinstance(value, int) else None


def load_table(
    data: object,
    *,
    response_format: str = "custom-endpoint",
    max_message_chars: int = MAX_MESSAGE_CHARS,
) -> Table:
    """A runnable `Table` from a compiled table document; raises `TableError` (with the JSON
    path) for another format version, a schema violation, a template that does not compile,
    or — with `response_format="functions"` — a step the Functions response cannot carry.
    Consumer texts longer than `max_message_chars` are cut to it when the table runs."""
    if not isinstance(data, dict):
        raise TableError("a table must be a JSON object")
    found = data.get("format")
    if found is None:
        raise TableError(
            f"this is not a botc table (it has no `format`); this runtime reads {TABLE_FORMAT}"
            " — make one with `botc compile`",
            "$.format",
        )
    if found != TABLE_FORMAT:
        raise TableError(
            f"this table is {found}; this runtime reads {TABLE_FORMAT} — recompile with this botc",
            "$.format",
        )
    _validate(data)
    try:
        return _compile(data, response_format, max_message_chars)
    except RecursionError:  # free-form JSON (a card, a body) nested past Python's stack
        raise TableError("not a valid table: it is nested too deeply", "$") from None


def _compile(data: JsonDict, response_format: str, max_message_chars: int) -> Table:
    """The `Table` of a valid document: references checked, everything compiled once."""
    _check_references(data)
    if response_format == "functions":
        try:
            check_functions_table(data)
        except FunctionsFormatError as error:
            raise TableError(str(error), "$.steps") from None
    env = build_environment()
    templates: dict[str, jinja2.Template] = {}
    for path, source in _templates(data):
        if source not in templates:
            templates[source] = _compiled(path, source, lambda s: template_on_use(env, s))
    expressions: dict[str, Expression] = {}
    for path, source in _expressions(data):
        if source not in expressions:
            expressions[source] = _compiled(path, source, lambda s: expression_on_use(env, s))
    try:
        triggers = TriggerIndex.build(data["triggers"]["patterns"])
    except (ValueError, TypeError, KeyError) as error:
        raise TableError(f"the trigger patterns cannot be built: {error}", "$.triggers") from None
    return Table(
        data=data,
        triggers=triggers,
        templates=templates,
        expressions=expressions,
        max_message_chars=max_message_chars,
    )


def load_table_file(path: str | Path, *, response_format: str = "custom-endpoint") -> Table:
    """`load_table` of the JSON file at `path`; unreadable or non-JSON files are `TableError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise TableError(f"cannot read {path}: {error.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TableError(f"{path} is not JSON: {error.msg} at line {error.lineno}") from None
    return load_table(data, response_format=response_format)


@functools.cache
def _schema() -> JsonDict:
    resource = importlib.resources.files("botc.runtime").joinpath("table_schema.json")
    return json.loads(resource.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@functools.cache
def _validator() -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(_schema())


def _validate(data: JsonDict) -> None:
    """Check `data` against the table schema (jsonschema-rs: compiled, about 100 times the
    speed of the pure-Python validator); the error reported is the one nearest the root."""
    triggers = data.get("triggers")
    patterns = triggers.get("patterns") if isinstance(triggers, dict) else None
    if _nested_deeper(patterns, MAX_PATTERN_DEPTH - 2):  # $.triggers.patterns: 2 levels down
        raise TableError("not a valid table: it is nested too deeply", "$")
    validator = _validator()
    if validator.is_valid(data):
        return
    error = min(validator.iter_errors(data), key=lambda found: len(found.instance_path))
    raise TableError(f"not a valid table: {error.message}", _json_path(error.instance_path))


def _nested_deeper(value: object, limit: int) -> bool:
    """Whether the patterns `value` nest more than `limit` levels of arrays and objects
    through the keys the schema recurses on (`pattern`, `choice`, `optional`); a value
    under any other key is not descended into by the validator, so it is not followed."""
    level: list[object] = [value]
    for _ in range(limit):
        inner: list[object] = []
        for node in level:
            if isinstance(node, list):
                inner.extend(item for item in node if isinstance(item, list | dict))
            elif isinstance(node, dict):
                inner.extend(node[key] for key in _RECURSIVE_KEYS if key in node)
        if not inner:
            return False
        level = inner
    return any(isinstance(node, list | dict) for node in level)


_RECURSIVE_KEYS: Final = ("pattern", "choice", "optional")


def _check_references(data: JsonDict) -> None:
    """Every id and name the table refers to exists, so that `step` never looks up nothing."""
    steps, dialogs, integrations = data["steps"], data["dialogs"], data["integrations"]

    def step_id(value: Any, path: str) -> None:
        if value is not None and not (isinstance(value, int) and 0 <= value < len(steps)):
            raise TableError(f"there is no step {value}", path)

    def dialog_id(value: Any, path: str) -> None:
        if value is not None and not (isinstance(value, int) and 0 <= value < len(dialogs)):
            raise TableError(f"there is no dialog {value}", path)

    def target(value: JsonDict, path: str) -> None:
        step_id(value.get("step"), f"{path}.step")
        dialog_id(value.get("dialog"), f"{path}.dialog")

    for index, dialog in enumerate(dialogs):
        step_id(dialog["entry"], f"$.dialogs[{index}].entry")
    for index, pattern in enumerate(data["triggers"]["patterns"]):
        dialog_id(pattern["dialog"], f"$.triggers.patterns[{index}].dialog")
    for trigger in ("start", "fallback", "rich_content", "signal"):
        dialog_id(data["triggers"][trigger], f"$.triggers.{trigger}")
    for index, step in enumerate(steps):
        path = f"$.steps[{index}]"
        if step["id"] != index:
            raise TableError(f"step {index} has the id {step['id']}", f"{path}.id")
        dialog_id(step["dialog"], f"{path}.dialog")
        step_id(step["next"], f"{path}.next")
        for number, branch in enumerate(step["branches"]):
            target(branch["target"], f"{path}.branches[{number}].target")
        operation = OPERATIONS[step["op"]]
        for key in operation.targets:
            target(step["args"][key], f"{path}.args.{key}")
        for key in operation.integrations:
            if step["args"][key] not in integrations:
                name = step["args"][key]
                raise TableError(f"there is no integration {name}", f"{path}.args.{key}")


def _json_path(parts: Iterator[Any] | Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _compiled(path: str, source: str, compile_one: Any) -> Any:
    try:
        return compile_one(source)
    except jinja2.TemplateSyntaxError as error:
        raise TableError(f"{error.message} in {_shown(source)}", path) from None
    except RecursionError:  # the shape limits keep texts far from this; never a traceback
        raise TableError(f"nested too deeply in {_shown(source)}", path) from None


def _shown(source: str) -> str:
    """The source text in an error, cut to a readable length."""
    return repr(source) if len(source) <= 120 else repr(source[:117] + "...")


def _templates(data: JsonDict) -> Iterator[tuple[str, str]]:
    for name, integration in data["integrations"].items():
        path = f"$.integrations.{name}"
        yield f"{path}.url", integration["url"]
        for index, header in enumerate(integration["headers"]):
            yield f"{path}.headers[{index}].value", header["value"]
        yield from _string_leaves(f"{path}.body", integration["body"])
    for step in data["steps"]:
        path = f"$.steps[{step['id']}].args"
        args, operation = step["args"], OPERATIONS[step["op"]]
        for key in operation.templates:
            if isinstance(args.get(key), str):
                yield f"{path}.{key}", args[key]
        for key in operation.template_lists:
            for index, item in enumerate(args.get(key) or ()):
                yield f"{path}.{key}[{index}]", item
        # every string sent somewhere is a template (LANGUAGE.md 2): payloads and metadata too
        for key in operation.payloads:
            yield from _string_leaves(f"{path}.{key}", args.get(key))


def _expressions(data: JsonDict) -> Iterator[tuple[str, str]]:
    for name, integration in data["integrations"].items():
        for index, store in enumerate(integration["stores"]):
            yield f"$.integrations.{name}.stores[{index}].expression", store["expression"]
    for step in data["steps"]:
        path = f"$.steps[{step['id']}]"
        for key in OPERATIONS[step["op"]].expressions:
            yield f"{path}.args.{key}", step["args"][key]
        for index, branch in enumerate(step["branches"]):
            if branch["kind"] == "when":
                yield f"{path}.branches[{index}].expression", branch["expression"]


def _string_leaves(path: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _string_leaves(f"{path}[{index}]", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _string_leaves(f"{path}.{key}", item)
