"""Every place docs/INTERNALS.md's "Adding a step kind" names knows every step kind.

Each test is one place of the recipe: it fails, naming the kind, when a kind is in the AST
but missing there (or there but not in the AST). The `match` dispatches are checked by mypy
(tests/compiler/test_step_kinds.py shows that an unhandled kind is a mypy error).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args

import pytest

from botc.compiler import compile_file
from botc.compiler.step_kinds import STEP_KINDS, parts_of, step_kind
from botc.dsl import ast, format_module, parse
from botc.dsl.builder import AstBuilder
from botc.dsl.step_keywords import STEPS as GRAMMAR_STEPS
from botc.runtime.steps import OPERATIONS
from botc.runtime.wire.functions import UNSUPPORTED_OPS

ROOT = Path(__file__).resolve().parents[1]
EVERY_STEP = ROOT / "tests" / "bots" / "valid" / "every_step.bot"
LANGUAGE = (ROOT / ".." / "shared" / "spec" / "LANGUAGE.md").resolve()

AST_STEPS: frozenset[type] = frozenset(get_args(ast.Step))
OPS: frozenset[str] = frozenset(kind.op for kind in STEP_KINDS)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _schema() -> dict[str, Any]:
    return json.loads((ROOT / "runtime" / "table_schema.json").read_text(encoding="utf-8"))


def test_the_ast_step_union_and_the_compiler_descriptions_name_the_same_kinds() -> None:
    described = [kind.node for kind in STEP_KINDS]
    assert len(described) == len(set(described)), "a kind is described twice"
    assert set(described) == AST_STEPS


def test_each_ast_step_class_is_named_for_its_op() -> None:
    for kind in STEP_KINDS:
        assert _snake(kind.node.__name__) == f"{kind.op}_step", kind


def test_the_grammar_has_a_step_rule_for_each_kind() -> None:
    assert [step.op for step in GRAMMAR_STEPS] == [kind.op for kind in STEP_KINDS]


def test_the_ast_builder_has_a_method_for_each_step_rule() -> None:
    missing = [
        step.rule for step in GRAMMAR_STEPS if not callable(getattr(AstBuilder, step.rule, None))
    ]
    assert missing == []


def test_the_every_step_fixture_has_one_of_each_kind_and_formats_back_to_itself() -> None:
    module = parse(EVERY_STEP.read_text(encoding="utf-8"), EVERY_STEP.name)
    steps = [step for dialog in module.dialogs for step in dialog.steps]
    assert {type(step) for step in steps} == AST_STEPS
    assert parse(format_module(module), EVERY_STEP.name) == module
    for step in steps:
        assert step_kind(step).node is type(step)
        parts_of(step)  # every kind has a case


def test_lowering_gives_each_op_from_the_every_step_fixture() -> None:
    table = compile_file(EVERY_STEP).table
    assert table is not None
    assert {step["op"] for step in table["steps"]} == OPS


def test_the_table_schema_has_each_op_with_its_args() -> None:
    schema = _schema()
    step = schema["$defs"]["step"]
    assert set(step["properties"]["op"]["enum"]) == OPS
    conditioned = {rule["if"]["properties"]["op"]["const"] for rule in step["allOf"]}
    assert conditioned == OPS
    assert {f"args_{op}" for op in OPS} <= set(schema["$defs"])


def test_the_runtime_has_an_operation_for_each_op() -> None:
    assert set(OPERATIONS) == OPS


def test_the_runtime_operations_name_the_templates_the_schema_declares() -> None:
    # a TMPL in the schema is a `template` reference, alone, nullable, or in an array
    schema = _schema()
    for op, operation in OPERATIONS.items():
        properties = schema["$defs"][f"args_{op}"]["properties"]
        singles, lists = set(), set()
        for key, spec in properties.items():
            refs = [spec, *spec.get("anyOf", [])]
            if any(ref.get("$ref") == "#/$defs/template" for ref in refs):
                singles.add(key)
            if spec.get("items", {}).get("$ref") == "#/$defs/template":
                lists.add(key)
        assert set(operation.templates) == singles, op
        assert set(operation.template_lists) == lists, op
        for key in (*operation.payloads, *operation.expressions, *operation.targets):
            assert key in properties, (op, key)


def test_the_functions_format_names_only_ops_that_exist() -> None:
    assert set(UNSUPPORTED_OPS) <= OPS
    assert {kind.op for kind in STEP_KINDS if not kind.functions} == set(UNSUPPORTED_OPS)


def test_the_table_doc_has_a_row_for_each_op() -> None:
    text = (ROOT / "docs" / "TABLE.md").read_text(encoding="utf-8")
    missing = [op for op in sorted(OPS) if f"\n| `{op}` | `{{" not in text]
    assert missing == []


def test_the_ast_strategies_build_each_kind() -> None:
    text = (ROOT / "tests" / "dsl" / "bot_ast_strategies.py").read_text(encoding="utf-8")
    missing = [node.__name__ for node in AST_STEPS if f"ast.{node.__name__}" not in text]
    assert missing == []


def test_the_language_spec_describes_each_keyword() -> None:
    if not LANGUAGE.is_file():
        pytest.skip(f"the normative spec is not next to the repository ({LANGUAGE})")
    text = LANGUAGE.read_text(encoding="utf-8")
    missing = [kind.keyword for kind in STEP_KINDS if f"`{kind.keyword}" not in text]
    assert missing == []
