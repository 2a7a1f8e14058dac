"""The AST built as the parser reduces (`dsl.reductions`) is the AST that lark's parse tree,
with lark's own propagated positions, gives to the same rule methods: the same nodes, the
same spans, the same problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from bot_ast_strategies import modules
from hypothesis import given
from hypothesis import strategies as st
from lark import Token, Transformer, Tree
from lark.tree import Meta

from botc.dsl import BotSyntaxError, ast, format_module, parse
from botc.dsl.builder import AstBuilder
from botc.dsl.literals import LiteralProblem, decode_string
from botc.dsl.parser import UNWORDED, bot_parser
from botc.dsl.reductions import RuleCrash, build_while_parsing, rule_methods

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "examples").rglob("*.bot")) + sorted(
    path for path in (ROOT / "tests" / "bots").rglob("*.bot") if path.parent.name != "syntax"
)


class _FromTree(Transformer[Token, Any]):
    """The reference: lark's tree, then each node's rule method with the node's meta."""

    def __init__(self, builder: AstBuilder) -> None:
        super().__init__(visit_tokens=False)
        self.builder = builder

    def __default__(self, data: str, children: list[Any], meta: Meta) -> Any:
        method = rule_methods(AstBuilder).get(data)
        if method is None:
            return Tree(data, children, meta)
        if meta.empty:  # the `start` of an empty text
            span = ast.Span(1, 1, 1, 1)
        else:
            span = ast.Span(meta.line, meta.column, meta.end_line, meta.end_column)
        return method(self.builder, span, children)


def _with_spans(value: Any) -> Any:
    """`value` with every field, spans and raw texts too (they take no part in `==`)."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value).__name__, *(_with_spans(getattr(value, f.name)) for f in fields))
    if isinstance(value, list | tuple):
        return (type(value).__name__, *(_with_spans(item) for item in value))
    if isinstance(value, dict):
        return ("dict", *((key, _with_spans(item)) for key, item in value.items()))
    return value


def _both_ways(text: str) -> tuple[tuple[Any, list[Any]], tuple[Any, list[Any]]]:
    during, after = AstBuilder("x.bot"), AstBuilder("x.bot")
    built = build_while_parsing(text, during)
    reference = _FromTree(after).transform(bot_parser().parse(text))
    return (
        (_with_spans(built), during.problems + during.completeness_problems),
        (_with_spans(reference), after.problems + after.completeness_problems),
    )


def _parses(text: str) -> bool:
    try:
        bot_parser().parse(text)
    except Exception:  # broken on purpose: the syntax error tests cover it
        return False
    return True


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_building_while_parsing_gives_the_trees_nodes_spans_and_problems(path: Path) -> None:
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    if not _parses(text):
        pytest.skip("a syntax error on purpose")
    during, after = _both_ways(text)
    assert during == after


@given(modules())
def test_building_while_parsing_agrees_with_the_tree_on_any_module(module: ast.Module) -> None:
    during, after = _both_ways(format_module(module))
    assert during == after


def test_an_empty_text_has_no_declarations() -> None:
    assert build_while_parsing("", AstBuilder("x.bot")) == ()


def test_a_json_value_too_deep_is_reported_once_without_what_is_inside_it() -> None:
    value = "[" * 150 + '"\\q"' + "]" * 150  # a bad escape deep inside: not reported
    builder = AstBuilder("x.bot")
    build_while_parsing(f'dialog hi\n    user says "a"\n    card {value}\n', builder)
    assert [problem.message for problem in builder.problems] == ["this JSON is nested too deeply"]


class _Crashing(AstBuilder):
    def say_step(self, span: ast.Span, children: list[Any]) -> ast.SayStep:
        raise ValueError("a gap in the builder")


def test_a_rule_method_that_raises_is_a_rule_crash_naming_the_rule() -> None:
    with pytest.raises(RuleCrash) as caught:
        build_while_parsing('dialog hello\n    say "Hello."\n', _Crashing("x.bot"))
    assert caught.value.rule == "say_step"


def test_a_crash_in_the_builder_is_a_located_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("botc.dsl.parser.AstBuilder", _Crashing)
    with pytest.raises(BotSyntaxError) as caught:
        parse('dialog hello\n    say "Hello."\n', "x.bot")
    (error,) = caught.value.diagnostics
    assert (error.message, error.code, error.span.line) == (UNWORDED, "BOT101", 1)


def test_a_syntax_error_after_a_crash_is_the_error_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("botc.dsl.parser.AstBuilder", _Crashing)
    with pytest.raises(BotSyntaxError) as caught:
        parse('dialog hello\n    say "Hello."\n    sya "Bye."\n', "x.bot")
    worded = [error for error in caught.value.diagnostics if error.message != UNWORDED]
    assert [error.span.line for error in worded] == [3]


@given(st.text(alphabet=st.characters(blacklist_characters='\\"'), max_size=40))
def test_a_string_without_escapes_is_its_text(text: str) -> None:
    try:
        assert decode_string(f'"{text}"') == text
    except LiteralProblem:  # a lone surrogate is still refused
        assert any("\ud800" <= char <= "\udfff" for char in text)
