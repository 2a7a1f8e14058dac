"""tests/bots/valid: well-formed files that together use every construct of the language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from botc.dsl import ast, parse

VALID = sorted((Path(__file__).parents[1] / "bots" / "valid").glob("*.bot"))


def _nodes(value: Any) -> Iterator[Any]:
    """Every attrs node reachable from `value`."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from _nodes(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _nodes(item)


def _all_nodes() -> list[Any]:
    return [
        node
        for path in VALID
        for node in _nodes(parse(path.read_text(encoding="utf-8"), path.name))
    ]


def test_every_node_kind_appears() -> None:
    seen = {type(node) for node in _all_nodes()}
    node_kinds = {
        value
        for value in vars(ast).values()
        if isinstance(value, type) and attrs.has(value) and value.__module__ == ast.__name__
    }
    assert node_kinds - seen - {ast.Span} == set()


@pytest.mark.parametrize(
    ("kind", "field", "values"),
    [
        (ast.OnEvent, "event", {"start", "fallback", "rich content", "signal"}),
        (
            ast.ExpectLine,
            "kind",
            {
                "transfer",
                "close",
                "card",
                "pause",
                "invoke",
                "signal",
                "secure form",
                "priority",
                "nothing",
            },
        ),
        (ast.PriorityStep, "level", {"urgent", "normal", "prioritized", "custom"}),
        (ast.OutcomeBranch, "outcome", {"success", "failure"}),
        (ast.Integration, "kind", {"api", "file"}),
        (ast.SayStep, "to_agents", {True, False}),
        (ast.PauseStep, "typing", {True, False}),
        (ast.CloseStep, "without_survey", {True, False}),
        (ast.InvokeStep, "fail_on_error", {True, False}),
        (ast.EscalateStep, "silently", {True, False}),
        (ast.EscalateStep, "with_context", {True, False}),
        (ast.SetStep, "bot_context", {True, False}),
    ],
)
def test_every_variant_of_a_construct_appears(kind: type, field: str, values: set[Any]) -> None:
    seen = {getattr(node, field) for node in _all_nodes() if isinstance(node, kind)}
    assert values <= seen


def test_skill_and_agent_are_written_both_as_numbers_and_as_templates() -> None:
    escalations = [node for node in _all_nodes() if isinstance(node, ast.EscalateStep)]
    assert {type(e.skill.value) for e in escalations if isinstance(e.skill, ast.SkillById)} == {
        int,
        ast.Str,
    }
    assert {type(e.agent) for e in escalations} == {type(None), int, ast.Str}


def test_every_message_option_and_upload_setting_appears() -> None:
    nodes = _all_nodes()
    options = [n for n in nodes if isinstance(n, ast.MessageOptions)]
    assert any(o.metadata for o in options)
    assert any(o.encoded_metadata for o in options)
    assert any(o.quick_replies for o in options)
    uploads = [n for n in nodes if isinstance(n, ast.UploadStep)]
    assert any(u.accept and u.success and u.failure and u.invalid and u.progress for u in uploads)
