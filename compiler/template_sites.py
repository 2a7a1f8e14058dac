"""Where a module holds templates and expressions, each marked with whether it belongs to
an integration (the only place `secret.NAME` may be read, LANGUAGE.md 6). What each step
holds is `compiler.step_kinds.parts_of`.

`template_sites` lists them all once; a compile does that once and every template check
reads the same lists (`CheckContext.sites`)."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from botc.compiler.module_steps import ModuleSteps, module_steps
from botc.dsl.ast import Expr, Json, Module, Str


@attrs.frozen(eq=False)
class TemplateSites:
    """Every template site of a module, in file order, each with True when it belongs to
    an integration."""

    strings: tuple[tuple[Str, bool], ...]
    """Every template string."""
    payloads: tuple[tuple[Json, bool], ...]
    """Every JSON payload whose string leaves are templates (integration bodies, cards,
    message metadata, `invoke` and `signal` payloads)."""
    expressions: tuple[tuple[Expr, bool], ...]
    """Every expression (`store`, `when`, `set`)."""


def template_sites(module: Module, steps: ModuleSteps | None = None) -> TemplateSites:
    """The template sites of `module`; `steps`: its steps' parts, if already built."""
    steps = module_steps(module) if steps is None or steps.module is not module else steps
    strings: list[tuple[Str, bool]] = []
    payloads: list[tuple[Json, bool]] = []
    expressions: list[tuple[Expr, bool]] = []
    for integration in module.integrations:
        strings.append((integration.url, True))
        strings.extend((header.value, True) for header in integration.headers)
        if integration.body is not None:
            payloads.append((integration.body, True))
        expressions.extend((store.expression, True) for store in integration.stores)
    held = [parts for parts_of_dialog in steps.in_dialog for parts in parts_of_dialog]
    strings += [(string, False) for parts in held for string in parts.templates]
    payloads += [(payload, False) for parts in held for payload in parts.payloads]
    expressions += [(expression, False) for parts in held for expression in parts.expressions]
    return TemplateSites(tuple(strings), tuple(payloads), tuple(expressions))


def template_strings(module: Module) -> Iterator[tuple[Str, bool]]:
    """Every template string, with True when it belongs to an integration."""
    yield from template_sites(module).strings


def template_payloads(module: Module) -> Iterator[tuple[Json, bool]]:
    """Every JSON payload whose string leaves are templates (integration bodies, cards,
    message metadata, `invoke` and `signal` payloads)."""
    yield from template_sites(module).payloads


def expressions(module: Module) -> Iterator[tuple[Expr, bool]]:
    """Every expression (`store`, `when`, `set`), with True when it belongs to an integration."""
    yield from template_sites(module).expressions
