"""The AST built while the LALR parser runs: each rule's builder method is the parser's
callback for the rule, called as the rule reduces, so no parse tree is built and walked.

lark calls a rule's callback with the values of the rule's symbols: a token for a terminal,
the callback's result for a nonterminal. The builder method gets the children lark's tree
would have had (keywords and layout tokens left out, None for an optional part left out,
the parts of a `_rule` or `x*` spliced in: lark's own child filter makes them) and the
rule's `Span`.

A span runs from the start of the rule's first symbol to the end of its last, keywords and
layout tokens included, as lark's `propagate_positions` has it. A result need not know
where it was written (a JSON list, a flag), so the first and last tokens of each reduced
rule are kept on a stack beside the parser's: LALR reduces the nonterminals of a rule
before the rule, in order, so theirs are the top of that stack when the rule reduces.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from copy import copy
from typing import Any

import attrs
from lark import Token, Tree
from lark.grammar import Rule
from lark.parse_tree_builder import ExpandSingleChild, ParseTreeBuilder

from botc.dsl import ast
from botc.dsl.child_picks import Keep, keeper, recipe_of
from botc.dsl.lark_parser import bot_parser
from botc.dsl.rules_base import RuleBase

# The first and last token a reduced rule covers; None when it matched no text.
Edges = tuple[Token, Token] | None
Callback = Callable[[list[Any]], Any]
RuleMethod = Callable[[RuleBase, ast.Span, list[Any]], Any]

# The span given to a rule that matched no text (only `start`, for an empty file).
_NO_TEXT = ast.Span(1, 1, 1, 1)


class RuleCrash(Exception):
    """A rule method raised: a gap in the builder, which the parser reports as a located
    error rather than a traceback."""

    def __init__(self, rule: str) -> None:
        super().__init__(f"the builder method of `{rule}` failed")
        self.rule = rule


@attrs.frozen
class RuleShape:
    """What the callback of one grammar rule (one alternative) needs to know about it."""

    rule: Rule
    name: str  # the builder method's name: the alias, or the rule's own name
    terminals: tuple[bool, ...]  # one per symbol: is it a terminal?
    # The children lark's tree would have, from the symbols' values; None: all of them.
    keep: Keep | None
    inlined: bool  # a `_rule` or an `x*` list: its children go into its parent's
    expands_single_child: bool  # a `?rule`: one child left is passed on as it is
    may_see_no_text: bool  # a nonterminal symbol may match no text (so has no edges)

    @property
    def passes_its_child_on(self) -> bool:
        """`?step: step_body`: the result and the edges are the one child's."""
        return self.expands_single_child and self.keep is None and self.terminals == (False,)


def _same(children: list[Any]) -> list[Any]:
    return children


def _pass_on(children: list[Any]) -> Any:
    return children[0]


@functools.cache
def rule_shapes() -> tuple[RuleShape, ...]:
    """The shape of every rule of the grammar, keyed by the parse table's own `Rule`
    objects (an equal rule that is not the same object costs a comparison per reduce)."""
    lark = bot_parser()
    table = lark.parse_interactive("").parser_state.parse_conf.states
    reduced = {arg: arg for actions in table.values() for _, arg in actions.values()}
    may_match_nothing = {rule.origin for rule in lark.rules if not rule.expansion}
    placeholders = lark.options.maybe_placeholders
    # Positions not propagated, not ambiguous: only the child filters are wanted.
    tree_builder = ParseTreeBuilder(  # type: ignore[no-untyped-call]
        lark.rules, Tree, False, False, placeholders
    )
    shapes = []
    for rule, wrappers in tree_builder.rule_builders:
        filters = [wrapper for wrapper in wrappers if wrapper is not ExpandSingleChild]
        shapes.append(
            RuleShape(
                rule=reduced.get(rule, rule),
                name=rule.alias or rule.options.template_source or rule.origin.name,
                terminals=tuple(symbol.is_term for symbol in rule.expansion),
                keep=_keep(filters, len(rule.expansion)),
                inlined=rule.origin.name.startswith("_"),
                expands_single_child=ExpandSingleChild in wrappers,
                may_see_no_text=any(symbol in may_match_nothing for symbol in rule.expansion),
            )
        )
    return tuple(shapes)


def _keep(filters: list[Any], size: int) -> Keep | None:
    if not filters:
        return None
    return keeper(recipe_of(filters[0](_same), size), size)


_RULE_METHODS: dict[type[RuleBase], dict[str, RuleMethod]] = {}


def rule_methods(builder_class: type[RuleBase]) -> dict[str, RuleMethod]:
    """The builder's method for each rule name of the grammar that has one."""
    methods = _RULE_METHODS.get(builder_class)
    if methods is None:
        methods = {}
        for shape in rule_shapes():
            method = getattr(builder_class, shape.name, None)
            if not shape.name.startswith("_") and callable(method):
                methods[shape.name] = method
        _RULE_METHODS[builder_class] = methods
    return methods


def build_while_parsing(text: str, builder: RuleBase) -> Any:
    """What the builder's `start` returns for `text`. Raises as lark's parse does at a
    syntax error (`UnexpectedInput`, or the post-lexer's `IndentationProblem`), and
    `RuleCrash` when a rule method raises."""
    parser = bot_parser().parse_interactive(text)
    state = parser.parser_state
    # What lark's own `InteractiveParser.accepts` does to parse with other callbacks.
    conf = copy(state.parse_conf)
    conf.callbacks = callbacks(builder)  # type: ignore[assignment]  # lark keys them by Rule
    state.parse_conf = conf
    return parser.resume_parse()  # type: ignore[no-untyped-call]


def callbacks(builder: RuleBase) -> dict[Rule, Callback]:
    """The parser's callback for each rule, calling `builder`'s methods."""
    edges: list[Edges] = []
    methods = rule_methods(type(builder))
    return {
        shape.rule: _callback(shape, methods.get(shape.name), builder, edges)
        for shape in rule_shapes()
    }


def _callback(
    shape: RuleShape, method: RuleMethod | None, builder: RuleBase, edges: list[Edges]
) -> Callback:
    if shape.passes_its_child_on:
        return _pass_on
    if not shape.terminals or shape.may_see_no_text:
        return _careful_callback(shape, method, builder, edges)
    name, keep, expands_single_child = shape.name, shape.keep or _same, shape.expands_single_child
    inlined = shape.inlined
    below_count = shape.terminals.count(False)
    first_below, last_below = not shape.terminals[0], not shape.terminals[-1]

    def reduce(children: list[Any]) -> Any:
        # Tokens: lark types their positions `int | None`; the lexer always sets them.
        head: Any
        tail: Any
        # The rule's edges take the place of its nonterminals' on the stack.
        if below_count:
            head = edges[-below_count][0] if first_below else children[0]  # type: ignore[index]
            tail = edges[-1][1] if last_below else children[-1]  # type: ignore[index]
            if below_count > 1:
                del edges[1 - below_count :]
            edges[-1] = (head, tail)
        else:
            head, tail = children[0], children[-1]
            edges.append((head, tail))
        kept = keep(children)
        if expands_single_child and len(kept) == 1:
            return kept[0]
        if method is None:
            return kept if inlined else Tree(name, kept)
        span = ast.Span(head.line, head.column, tail.end_line, tail.end_column)
        try:
            return method(builder, span, kept)
        except Exception as error:
            raise RuleCrash(name) from error

    return reduce


def _careful_callback(
    shape: RuleShape, method: RuleMethod | None, builder: RuleBase, edges: list[Edges]
) -> Callback:
    """The callback of a rule that may match no text, or some of whose nonterminals may."""
    name, terminals, keep = shape.name, shape.terminals, shape.keep or _same
    below_count, inlined = terminals.count(False), shape.inlined

    def reduce(children: list[Any]) -> Any:
        below = edges[len(edges) - below_count :]
        del edges[len(edges) - below_count :]
        covered = _covered(children, terminals, below)
        edges.append(covered)
        kept = keep(children)
        if shape.expands_single_child and len(kept) == 1:
            return kept[0]
        if method is None:
            return kept if inlined else Tree(name, kept)
        if covered is None:
            span = _NO_TEXT
        else:
            head, tail = covered
            line, column = head.line or 1, head.column or 1
            span = ast.Span(line, column, tail.end_line or line, tail.end_column or column)
        try:
            return method(builder, span, kept)
        except Exception as error:
            raise RuleCrash(name) from error

    return reduce


def _covered(children: list[Any], terminals: tuple[bool, ...], below: list[Edges]) -> Edges:
    """The edges of a rule some of whose nonterminals may have matched no text."""
    found: list[tuple[Token, Token]] = []
    nonterminals = iter(below)
    for child, is_terminal in zip(children, terminals, strict=True):
        edges = (child, child) if is_terminal else next(nonterminals)
        if edges is not None:
            found.append(edges)
    return (found[0][0], found[-1][1]) if found else None
