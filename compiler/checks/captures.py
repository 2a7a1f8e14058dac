"""`star[i]` read in a dialog whose pattern has no capture `i` (`star[1]` of a pattern
with one `*`): the read fails at run time, and the consumer gets the default response."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.json_leaves import string_leaves
from botc.compiler.pattern_languages import ModulePattern, module_patterns
from botc.compiler.step_kinds import StepParts
from botc.compiler.step_reads import branch_texts, star_reads, step_texts
from botc.compiler.template_sites import TemplateSites
from botc.dsl.ast import Step
from botc.dsl.diagnostics import Diagnostic


def check_capture_indexes(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning at each step reading a capture one of its dialog's patterns lacks."""
    if not _mentions_star(context.sites):
        return  # no text reads a capture
    by_dialog: dict[int, list[ModulePattern]] = {}
    for pattern in module_patterns(context.module):
        by_dialog.setdefault(pattern.dialog, []).append(pattern)
    for index, dialog in enumerate(context.steps.dialogs):
        patterns = by_dialog.get(index)
        if not patterns:
            continue
        for step in dialog.steps:
            for wanted in sorted(_star_indexes(step, context.steps.parts(step))):
                short = next((p for p in patterns if p.captures <= wanted), None)
                if short is None:
                    continue
                has = f"{short.captures} capture" + ("" if short.captures == 1 else "s")
                yield context.warning(
                    "BOT412",
                    step.span,
                    f"`star[{wanted}]` does not exist when the pattern "
                    f"{short.source.raw} (line {short.source.span.line}) starts the dialog: "
                    f"it has {has}",
                    f"captures are numbered from 0, one per `*` (or regex group); "
                    f"use `star[{max(short.captures - 1, 0)}]`",
                )


def _mentions_star(sites: TemplateSites) -> bool:
    """True when some template or expression of the module has `star` in it."""
    return (
        any("star" in string.value for string, _ in sites.strings)
        or any("star" in expression.source for expression, _ in sites.expressions)
        or any(
            "star" in leaf
            for payload, _ in sites.payloads
            for _, leaf in string_leaves(payload.value)
        )
    )


def _star_indexes(step: Step, parts: StepParts) -> set[int]:
    found: set[int] = set()
    for text in step_texts(step, parts):
        found |= star_reads(text)
    for _, text in branch_texts(step):
        found |= star_reads(text)
    return found
