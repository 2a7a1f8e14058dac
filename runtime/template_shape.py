"""How big and how deep a template or expression may be, checked by compiler and loader alike.

Jinja2's parser, its code generator and Python's compiler each recurse once per level of
nesting, so a deep enough text (`a.b.b.b...`, `1 + 1 + ...`, `((((x))))`) would crash
the loader with a `RecursionError` or a `SyntaxError` from generated code. The limits
of `runtime/limits.py` keep every accepted text far from those depths:

- before parsing, the tokens of each `{{ }}` / `{% %}` block are counted: open brackets,
  open block statements (`{% if %}` ... `{% endif %}`) and prefix operators (`not`,
  unary `-`/`+`) together may not exceed `MAX_EXPRESSION_NESTING`;
- after parsing, the tree may be at most `MAX_EXPRESSION_DEPTH` deep and hold at most
  `MAX_TEMPLATE_NODES` nodes (walked without recursion).

`parse_template` and `parse_expression` are the only way either side parses a bot's
text; a problem is a `jinja2.TemplateSyntaxError` whose message says what to change.
`parse_expression` parses exactly as `Environment.compile_expression` does (a trailing
`-` is an error, where inside `{{ 1 - }}` Jinja2 would read it as whitespace control).
"""

from __future__ import annotations

from jinja2 import Environment, TemplateSyntaxError, nodes
from jinja2.parser import Parser

from botc.runtime.limits import MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_NESTING, MAX_TEMPLATE_NODES

_OPENING = frozenset({"lparen", "lbracket", "lbrace"})
_CLOSING = frozenset({"rparen", "rbracket", "rbrace"})
_OPERAND_END = frozenset({"integer", "float", "string", "rparen", "rbracket", "rbrace"})
_KEYWORDS = frozenset({"not", "and", "or", "in", "is", "if", "else"})
_BLOCK_STATEMENTS = frozenset({"if", "for", "macro", "call", "filter", "with", "block"})

class TemplateShapeError(TemplateSyntaxError):
    """A text that parses, or would, but is past a shape limit."""


TOO_DEEP_HINT = "split it into simpler parts (a `set` step for each part)"


def parse_template(env: Environment, source: str) -> nodes.Template:
    """The parse tree of template text; raises `TemplateSyntaxError` for bad syntax or a
    text past the shape limits."""
    check_nesting(env, source, expression=False)
    tree = env.parse(source)
    check_tree(tree)
    return tree


def parse_expression(env: Environment, source: str) -> nodes.Expr:
    """The parse tree of one expression, as `compile_expression` reads it; raises
    `TemplateSyntaxError`."""
    check_nesting(env, source, expression=True)
    parser = Parser(env, source, state="variable")
    expression = parser.parse_expression()
    if not parser.stream.eos:
        raise TemplateSyntaxError(
            f"expected the end of the expression, got '{parser.stream.current.value}'",
            parser.stream.current.lineno,
        )
    check_tree(expression)
    return expression


def check_nesting(env: Environment, source: str, *, expression: bool) -> None:
    """Raise `TemplateSyntaxError` when a block nests brackets, block statements and prefix
    operators deeper than `MAX_EXPRESSION_NESTING` (counted on tokens, before parsing)."""
    state = "variable" if expression else None
    brackets = statements = prefixes = 0
    previous = ""
    after_block_begin = False
    for token in env.lexer.tokenize(source, state=state):
        kind = token.type
        if kind in ("variable_begin", "block_begin"):
            prefixes = 0
        elif kind in _OPENING:
            brackets += 1
        elif kind in _CLOSING:
            brackets = max(brackets - 1, 0)
        elif _is_prefix(kind, token.value) and not _ends_operand(previous):
            prefixes += 1
        elif kind == "name" and after_block_begin:
            if token.value in _BLOCK_STATEMENTS:
                statements += 1
            elif token.value.startswith("end"):
                statements = max(statements - 1, 0)
        after_block_begin = kind == "block_begin"
        if kind == "name":
            previous = "keyword" if token.value in _KEYWORDS else "operand"
        else:
            previous = kind
        if brackets + statements + prefixes > MAX_EXPRESSION_NESTING:
            raise TemplateShapeError(
                f"it is nested too deeply: more than {MAX_EXPRESSION_NESTING} levels of "
                f"brackets, `{{% if %}}` blocks and prefix operators; {TOO_DEEP_HINT}",
                token.lineno,
            )


def _is_prefix(kind: str, value: object) -> bool:
    return kind in ("sub", "add") or (kind == "name" and value == "not")


def _ends_operand(previous: str) -> bool:
    return previous == "operand" or previous in _OPERAND_END


def check_tree(tree: nodes.Node) -> None:
    """Raise `TemplateSyntaxError` when a parse tree is deeper than `MAX_EXPRESSION_DEPTH`
    or larger than `MAX_TEMPLATE_NODES` (walked without recursion)."""
    count = 0
    pending: list[tuple[nodes.Node, int]] = [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        count += 1
        if depth > MAX_EXPRESSION_DEPTH:
            raise TemplateShapeError(
                f"it is nested too deeply: more than {MAX_EXPRESSION_DEPTH} levels (each "
                f"`.name`, operator, filter and `{{% if %}}` is a level); {TOO_DEEP_HINT}",
                node.lineno or 1,
            )
        if count > MAX_TEMPLATE_NODES:
            raise TemplateShapeError(
                f"it has more than {MAX_TEMPLATE_NODES} parts; {TOO_DEEP_HINT}",
                node.lineno or 1,
            )
        pending.extend((child, depth + 1) for child in node.iter_child_nodes())
