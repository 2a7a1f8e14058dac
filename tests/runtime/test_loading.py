"""Loading a table: the format version, the JSON Schema, templates compiled once."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hand_tables import minimal_table, say_step

from botc.runtime.faults import TableError
from botc.runtime.loading import load_table, load_table_file


def test_table_of_another_format_version_is_refused_with_a_recompile_hint() -> None:
    table = minimal_table()
    table["format"] = "botc-table/2"
    with pytest.raises(TableError) as caught:
        load_table(table)
    assert str(caught.value).startswith("$.format: this table is botc-table/2;")
    assert "this runtime reads botc-table/1 — recompile with this botc" in str(caught.value)


def test_table_without_format_is_refused() -> None:
    table = minimal_table()
    del table["format"]
    with pytest.raises(TableError, match=r"this is not a botc table \(it has no `format`\)"):
        load_table(table)


def test_schema_violation_names_the_json_path() -> None:
    table = minimal_table()
    table["steps"][0]["op"] = "shout"
    with pytest.raises(TableError) as caught:
        load_table(table)
    assert caught.value.path.startswith("$.steps[0]")


def test_template_that_does_not_compile_names_its_json_path() -> None:
    table = minimal_table(say_step(0, 0, "Hello {{ name "))
    with pytest.raises(TableError) as caught:
        load_table(table)
    assert caught.value.path == "$.steps[0].args.text"


def test_expression_that_does_not_compile_names_its_json_path() -> None:
    table = minimal_table(
        {
            "id": 0,
            "op": "set",
            "dialog": 0,
            "label": None,
            "line": 3,
            "next": None,
            "args": {"field": "x", "scope": "custom", "expression": "1 +"},
            "branches": [],
        }
    )
    with pytest.raises(TableError) as caught:
        load_table(table)
    assert caught.value.path == "$.steps[0].args.expression"


def test_every_template_is_compiled_once_at_load() -> None:
    table = load_table(
        minimal_table(say_step(0, 0, "Hi {{ name }}"), say_step(1, 0, "Hi {{ name }}"))
    )
    assert list(table.templates) == ["Hi {{ name }}"]


def test_a_table_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(TableError, match="must be a JSON object"):
        load_table([])


def test_load_table_file_reads_a_json_table(tmp_path: Path) -> None:
    path = tmp_path / "bot.json"
    path.write_text(json.dumps(minimal_table()), encoding="utf-8")
    assert load_table_file(path).data == minimal_table()


def test_load_table_file_reports_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bot.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(TableError, match="is not JSON"):
        load_table_file(path)


def test_load_table_file_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="cannot read"):
        load_table_file(tmp_path / "absent.json")


def test_loading_does_not_change_the_document() -> None:
    table: dict[str, Any] = minimal_table(say_step(0, 0, "Hi"))
    before = copy.deepcopy(table)
    load_table(table)
    assert table == before


def test_template_with_a_loop_is_refused_at_load() -> None:
    table = minimal_table(say_step(0, 0, "{% for i in range(9) %}{{ i }}{% endfor %}"))
    with pytest.raises(TableError) as caught:
        load_table(table)
    assert caught.value.path == "$.steps[0].args.text"
    assert "`{% for %}` is not allowed" in caught.value.message


def test_template_with_a_condition_is_accepted() -> None:
    table = load_table(minimal_table(say_step(0, 0, "{% if true %}yes{% endif %}")))
    assert "{% if true %}yes{% endif %}" in table.templates


def test_a_branch_to_a_step_that_does_not_exist_is_refused() -> None:
    table = minimal_table(
        {
            "id": 0,
            "op": "goto",
            "dialog": 0,
            "label": None,
            "line": 3,
            "next": None,
            "args": {"target": {"step": 7}},
            "branches": [],
        }
    )
    with pytest.raises(TableError) as caught:
        load_table(table)
    assert (caught.value.path, caught.value.message) == (
        "$.steps[0].args.target.step",
        "there is no step 7",
    )


def test_a_trigger_for_a_dialog_that_does_not_exist_is_refused() -> None:
    table = minimal_table()
    table["triggers"]["fallback"] = 3
    with pytest.raises(TableError, match="there is no dialog 3"):
        load_table(table)


def test_a_call_of_an_unknown_integration_is_refused() -> None:
    table = minimal_table(
        {
            "id": 0,
            "op": "call",
            "dialog": 0,
            "label": None,
            "line": 3,
            "next": None,
            "args": {"integration": "Ghost"},
            "branches": [],
        }
    )
    with pytest.raises(TableError, match="there is no integration Ghost"):
        load_table(table)


def test_free_form_json_nested_past_the_stack_is_refused_in_one_error() -> None:
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep]
    step = say_step(0, 0, "Hi")
    step["args"]["metadata"] = [{"deep": deep}]
    with pytest.raises(TableError, match="nested too deeply"):
        load_table(minimal_table(step))
