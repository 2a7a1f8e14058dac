"""What every rule method of the AST builder shares: spans, tokens to leaves, problems.

`RuleBase` is the lark `Transformer` the rule mixins (`dsl.rules_steps`, `dsl.rules_tests`,
`dsl.rules_json`) and `dsl.builder.AstBuilder` extend. A problem is recorded, never raised,
so that one file reports all of its mistakes.
"""

from __future__ import annotations

from types import FunctionType
from typing import Any

import attrs
from lark import Token, Transformer, Tree
from lark.exceptions import GrammarError, VisitError
from lark.tree import Meta
from lark.visitors import _vargs_meta, _VArgsWrapper

from botc.dsl import ast
from botc.dsl.diagnostics import Diagnostic
from botc.dsl.literals import LiteralProblem, decode_string, duration_ms


@attrs.frozen
class Part:
    """A line that fills one field of its parent (`timeout 5s`, `metadata [...]`...)."""

    kind: str
    value: Any
    span: ast.Span


def span_of(meta: Meta | Token) -> ast.Span:
    """The `Span` of a tree node's meta or of a token."""
    return ast.Span(meta.line or 1, meta.column or 1, meta.end_line or 1, meta.end_column or 1)


class RuleBase(Transformer[Token, Any]):
    """Turns tokens into AST leaves and collects problems for one file."""

    def __init__(self, filename: str) -> None:
        super().__init__(visit_tokens=False)
        self.filename = filename
        self.problems: list[Diagnostic] = []
        # "a part is missing": the one kind of problem a recovered error can cause.
        self.completeness_problems: list[Diagnostic] = []

    def _transform_tree(self, tree: Tree[Token]) -> Any:
        """lark's walk without its generator per node (no rule returns `Discard`): the
        children first, then the node's rule."""
        children = [
            self._transform_tree(child) if isinstance(child, Tree) else child
            for child in tree.children
        ]
        return self._call_userfunc(tree, children)

    def _call_userfunc(self, tree: Tree[Token], new_children: list[Any] | None = None) -> Any:
        """lark's dispatch, without re-wrapping the `v_args(meta=True)` method on every node
        (lark builds a new wrapper per call: a fifth of the AST building time)."""
        function = _rule_functions(type(self)).get(tree.data)
        if function is None:
            return super()._call_userfunc(tree, new_children)  # type: ignore[no-untyped-call]
        children = new_children if new_children is not None else tree.children
        try:
            return function(self, tree.meta, children)
        except GrammarError:
            raise
        except Exception as error:  # what lark's own dispatch raises, so callers see no change
            raise VisitError(tree.data, tree, error) from error  # type: ignore[no-untyped-call]

    def _problem(
        self, message: str, span: ast.Span, hint: str | None = None, *, code: str = "BOT106"
    ) -> None:
        """A problem the grammar cannot see; BOT106 (a malformed literal) unless told."""
        self.problems.append(Diagnostic("error", message, span, self.filename, hint, code))

    def _literal_problem(self, token: Token, problem: LiteralProblem) -> None:
        line, column = token.line or 1, (token.column or 1) + problem.offset
        span = ast.Span(line, column, line, column + problem.width)
        self._problem(problem.message, span, problem.hint)

    def _name(self, token: Token) -> ast.Name:
        return ast.Name(str(token), span_of(token))

    def _str(self, token: Token) -> ast.Str:
        try:
            value = decode_string(str(token))
        except LiteralProblem as problem:
            self._literal_problem(token, problem)
            value = str(token)[1:-1]
        return ast.Str(value, str(token), span_of(token))

    def _duration(self, token: Token) -> ast.Duration:
        try:
            milliseconds = duration_ms(str(token))
        except LiteralProblem as problem:
            self._literal_problem(token, problem)
            milliseconds = 0
        return ast.Duration(milliseconds, str(token), span_of(token))

    def _parts(self, parts: list[Any], owner: str) -> dict[str, Part]:
        """Single-valued settings by kind; a kind given twice is a problem."""
        found: dict[str, Part] = {}
        for part in parts:
            if not isinstance(part, Part):
                continue
            if part.kind in found:
                words = part.kind.replace("_", " ")
                self._problem(
                    f"`{words}` is given twice in this {owner}",
                    part.span,
                    f"keep one `{words}` line",
                    code="BOT107",
                )
            else:
                found[part.kind] = part
        return found

    def _int_or_str(self, token: Token) -> int | ast.Str:
        return int(token) if token.type == "INT" else self._str(token)

    def _expr(self, token: Token) -> ast.Expr:
        """An expression's text, without the blanks before a trailing `->` or comment."""
        source = str(token).rstrip()
        line, column = token.line or 1, token.column or 1
        return ast.Expr(source, ast.Span(line, column, line, column + len(source)))


_RULE_FUNCTIONS: dict[type, dict[str, Any]] = {}


def _rule_functions(cls: type) -> dict[str, Any]:
    """The plain functions behind the `v_args(meta=True)` rule methods of `cls`, by name,
    found as `getattr` finds them; any other kind of method is left to lark."""
    found = _RULE_FUNCTIONS.get(cls)
    if found is None:
        found = {}
        seen: set[str] = set()
        for klass in cls.__mro__:  # most derived first, as attribute lookup goes
            for name, value in vars(klass).items():
                if name in seen:
                    continue
                seen.add(name)
                if (
                    isinstance(value, _VArgsWrapper)
                    and value.visit_wrapper is _vargs_meta
                    and isinstance(value.base_func, FunctionType)
                ):
                    found[name] = value.base_func
        _RULE_FUNCTIONS[cls] = found
    return found
