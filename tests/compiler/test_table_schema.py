"""runtime/table_schema.json: compiled tables validate, and it rejects what TABLE.md forbids."""

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from botc.compiler import compile_file

ROOT = Path(__file__).parent.parent.parent
# tests/bots/syntax holds files with syntax errors on purpose: there is no table to check.
BOT_FILES = sorted(
    path
    for path in (ROOT / "tests" / "bots").rglob("*.bot")
    if "syntax" not in path.relative_to(ROOT / "tests" / "bots").parts
) + sorted((ROOT / "examples").glob("*.bot"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    text = resources.files("botc.runtime").joinpath("table_schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def table() -> dict[str, Any]:
    result = compile_file(ROOT / "tests" / "bots" / "valid" / "every_step.bot")
    assert result.table is not None
    return result.table


@pytest.mark.parametrize("path", BOT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_compiling_bot_file_validates(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    result = compile_file(path)
    if result.table is None:
        pytest.skip(f"{path.name} is a fixture with errors on purpose")
    assert list(validator.iter_errors(result.table)) == []


def test_the_every_step_fixture_validates(
    validator: jsonschema.Draft202012Validator, table: dict[str, Any]
) -> None:
    validator.validate(table)


def _broken(table: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    copied = copy.deepcopy(table)
    target = copied
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copied


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["format"], "botc-table/2"),
        (["bot", "extra"], 1),
        (["steps", 0, "op"], "dance"),
        (["steps", 0, "args", "volume"], 11),
        (["steps", 0, "branches"], [{"kind": "otherwise", "expression": None,
                                     "target": {"end": True}, "line": 1}]),
        (["triggers", "patterns", 0, "pattern"], [{"text": "a", "star": True}]),
        (["tests", 0, "lines", 0, "op"], "wave"),
        (["dialogs", 0, "entry"], "first"),
    ],
)
def test_schema_rejects_tables_that_break_the_format(
    validator: jsonschema.Draft202012Validator,
    table: dict[str, Any],
    path: list[Any],
    value: Any,
) -> None:
    assert not validator.is_valid(_broken(table, path, value))


def test_schema_rejects_escalate_with_both_skill_id_and_name(
    validator: jsonschema.Draft202012Validator, table: dict[str, Any]
) -> None:
    index = next(s["id"] for s in table["steps"] if s["op"] == "escalate")
    assert not validator.is_valid(_broken(table, ["steps", index, "args", "skill_name"], "x"))


def test_schema_requires_seconds_only_for_custom_priority(
    validator: jsonschema.Draft202012Validator, table: dict[str, Any]
) -> None:
    custom, urgent = (s["id"] for s in table["steps"] if s["op"] == "priority")
    assert not validator.is_valid(_broken(table, ["steps", custom, "args", "seconds"], None))
    assert not validator.is_valid(_broken(table, ["steps", urgent, "args", "seconds"], 5))
