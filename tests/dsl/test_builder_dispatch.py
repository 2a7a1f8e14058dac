"""The AST builder's own rule dispatch (a speed-up) builds what lark's dispatch builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Token, Transformer, Tree
from lark.exceptions import VisitError

from botc.dsl.builder import AstBuilder
from botc.dsl.literals import LiteralProblem, decode_string
from botc.dsl.parser import bot_parser

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.bot"))


class _LarkDispatch(AstBuilder):
    """The builder with lark's stock dispatch (a new v_args wrapper for each node)."""

    def _call_userfunc(self, tree: Tree[Token], new_children: list[Any] | None = None) -> Any:
        return Transformer._call_userfunc(self, tree, new_children)  # type: ignore[no-untyped-call]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_both_dispatches_build_the_same_ast_and_problems(path: Path) -> None:
    tree = bot_parser().parse(path.read_text(encoding="utf-8"))
    ours, stock = AstBuilder(path.name), _LarkDispatch(path.name)
    assert ours.transform(tree) == stock.transform(tree)
    assert ours.problems == stock.problems
    assert ours.completeness_problems == stock.completeness_problems


def test_a_rule_method_error_still_surfaces_as_lark_visit_error() -> None:
    # the parser turns a VisitError into a located "cannot be read" error
    meta = bot_parser().parse('dialog hello\n    say "Hello."\n').children[0].meta
    with pytest.raises(VisitError):
        AstBuilder("x.bot").transform(Tree("say_step", [None], meta))


@given(st.text(alphabet=st.characters(blacklist_characters='\\"'), max_size=40))
def test_a_string_without_escapes_is_its_text(text: str) -> None:
    try:
        assert decode_string(f'"{text}"') == text
    except LiteralProblem:  # a lone surrogate is still refused
        assert any("\ud800" <= char <= "\udfff" for char in text)
