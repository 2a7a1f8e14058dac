"""Jinja2 parse trees of a bot's templates, parsed once per distinct text and shared by
the checks that read them (parsing is the costly part of checking a large bot).

Most of a bot's templates are text with `{{ name }}`, `{{ name.field | filter }}` blocks;
their tree is built directly from the text, as Jinja2's parser would build it (the same
node types), at a fraction of the cost of lexing and parsing.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from jinja2 import Environment, TemplateSyntaxError, nodes

from botc.runtime.limits import MAX_TEMPLATE_NODES
from botc.runtime.template_shape import parse_template

_ENVIRONMENT = Environment()  # parsing only: filters and names are resolved by the checks

# The cache holds every distinct template of a 200,000-line bot (an LRU smaller than that
# would evict each tree before the next check reads it).
CACHED_TREES: Final = 1 << 17

# Words Jinja2 reads as operators, statements or constants: a name of a plain block is
# none of them.
_NOT_NAMES: Final = frozenset(
    {
        "and", "or", "not", "in", "is", "if", "else", "elif", "endif", "for", "endfor",
        "set", "block", "extends", "include", "import", "from", "with", "without",
        "context", "macro", "call", "filter", "recursive",
        "true", "false", "none", "True", "False", "None",
    }
)  # fmt: skip
_NAME: Final = r"[A-Za-z_][A-Za-z0-9_]*"
_PLAIN_BLOCK: Final = re.compile(
    rf"\{{\{{\s*(?P<head>{_NAME}(?:\.{_NAME})*)(?P<filters>(?:\s*\|\s*{_NAME})*)\s*\}}\}}"
)
# Anything Jinja2 would treat otherwise than data and plain blocks.
_OTHER_SYNTAX: Final = re.compile(r"\{%|\{#|\r|\n$")


@functools.lru_cache(maxsize=CACHED_TREES)
def template_tree(template: str) -> nodes.Template | None:
    """The parse tree of template text, or None when Jinja2 cannot parse it or it is past
    the runtime's shape limits (the syntax check reports why)."""
    plain = _plain_tree(template)
    if plain is not None:
        return plain
    try:
        return parse_template(_ENVIRONMENT, template)
    except (TemplateSyntaxError, RecursionError):
        return None


def _plain_tree(template: str) -> nodes.Template | None:
    """The tree Jinja2 would parse for text made of data and plain `{{ }}` blocks, or None
    for any other template (which Jinja2 then parses)."""
    # so many blocks may pass the runtime's shape limit: Jinja2's parse measures it
    if _OTHER_SYNTAX.search(template) or template.count("{{") > MAX_TEMPLATE_NODES // 4:
        return None
    output: list[nodes.Expr] = []
    at = 0
    for block in _PLAIN_BLOCK.finditer(template):
        data = template[at : block.start()]
        if "{{" in data or data.endswith("{"):  # `{{{name}}`: Jinja2's block starts sooner
            return None
        if data:
            output.append(nodes.TemplateData(data))
        head, *attributes = block["head"].split(".")
        filters = [name.strip() for name in block["filters"].split("|")[1:]]
        if _NOT_NAMES.intersection([head, *attributes, *filters]):
            return None
        value: nodes.Expr = nodes.Name(head, "load")
        for attribute in attributes:
            value = nodes.Getattr(value, attribute, "load")
        for name in filters:
            value = nodes.Filter(value, name, [], [], None, None)
        output.append(value)
        at = block.end()
    rest = template[at:]
    if "{{" in rest or not output:
        return None
    if rest:
        output.append(nodes.TemplateData(rest))
    return nodes.Template([nodes.Output(output)])


@functools.lru_cache(maxsize=CACHED_TREES)
def names_read(template: str) -> frozenset[str]:
    """`read_names` of the template's tree, once per distinct text (nothing for a text
    Jinja2 cannot parse)."""
    tree = template_tree(template)
    return frozenset() if tree is None else frozenset(read_names(tree))


def read_names(tree: nodes.Template) -> set[str]:
    """The names the template reads that it does not itself assign (`{% set %}`)."""
    read: set[str] = set()
    stored: set[str] = set()
    for name in tree.find_all(nodes.Name):
        (stored if name.ctx in ("store", "param") else read).add(name.name)
    return read - stored
