"""Where a module holds templates and expressions, each marked with whether it belongs to
an integration (the only place `secret.NAME` may be read, LANGUAGE.md 6). What each step
holds is `compiler.step_kinds.parts_of`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from compiler.step_kinds import expressions_of, payloads_of, templates_of
from dsl.ast import Expr, Json, Module, Step, Str

Site = TypeVar("Site", Str, Json, Expr)


def template_strings(module: Module) -> Iterator[tuple[Str, bool]]:
    """Every template string, with True when it belongs to an integration."""
    for integration in module.integrations:
        yield integration.url, True
        for header in integration.headers:
            yield header.value, True
    yield from _in_steps(module, templates_of)


def template_payloads(module: Module) -> Iterator[tuple[Json, bool]]:
    """Every JSON payload whose string leaves are templates (integration bodies, cards,
    message metadata, `invoke` and `signal` payloads)."""
    for integration in module.integrations:
        if integration.body is not None:
            yield integration.body, True
    yield from _in_steps(module, payloads_of)


def expressions(module: Module) -> Iterator[tuple[Expr, bool]]:
    """Every expression (`store`, `when`, `set`), with True when it belongs to an integration."""
    for integration in module.integrations:
        for store in integration.stores:
            yield store.expression, True
    yield from _in_steps(module, expressions_of)


def _in_steps(
    module: Module, sites: Callable[[Step], tuple[Site, ...]]
) -> Iterator[tuple[Site, bool]]:
    """The `sites` of every step of every dialog; none belongs to an integration."""
    for dialog in module.dialogs:
        for step in dialog.steps:
            for site in sites(step):
                yield site, False


def step_template_strings(step: Step) -> Iterator[Str]:
    """The template strings of one step (its texts, quick replies, skill and agent ids)."""
    yield from templates_of(step)
