"""Jinja2 parse trees of a bot's templates, parsed once per distinct text and shared by
the checks that read them (parsing is the costly part of checking a large bot)."""

from __future__ import annotations

import functools

from jinja2 import Environment, TemplateSyntaxError, nodes

from runtime.template_shape import parse_template

_ENVIRONMENT = Environment()  # parsing only: filters and names are resolved by the checks


@functools.lru_cache(maxsize=8192)
def template_tree(template: str) -> nodes.Template | None:
    """The parse tree of template text, or None when Jinja2 cannot parse it or it is past
    the runtime's shape limits (the syntax check reports why)."""
    try:
        return parse_template(_ENVIRONMENT, template)
    except (TemplateSyntaxError, RecursionError):
        return None


def read_names(tree: nodes.Template) -> set[str]:
    """The names the template reads that it does not itself assign (`{% set %}`)."""
    read: set[str] = set()
    stored: set[str] = set()
    for name in tree.find_all(nodes.Name):
        (stored if name.ctx in ("store", "param") else read).add(name.name)
    return read - stored
