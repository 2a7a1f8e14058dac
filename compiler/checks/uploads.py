"""`upload` must be followed at once by a `call` of a `file` integration, and a `file`
integration may be called nowhere else (LANGUAGE.md 5.4)."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.dsl.ast import CallStep, UploadStep
from botc.dsl.diagnostics import Diagnostic

_PAIR_HINT = "write `call NAME` right after the `upload`, NAME being a `file` integration"


def check_upload_pairs(context: CheckContext) -> Iterator[Diagnostic]:
    """Errors for unpaired `upload` steps and misplaced calls of `file` integrations."""
    integrations = context.symbols.integrations
    for (dialog, index), step in context.steps.of_kinds(UploadStep, CallStep):
        steps = context.steps.dialogs[dialog].steps
        following = steps[index + 1] if index + 1 < len(steps) else None
        if isinstance(step, UploadStep):
            if not isinstance(following, CallStep):
                yield context.error(
                    "BOT204",
                    step.span, "an `upload` must be followed by a `call`", _PAIR_HINT
                )
            else:
                called = integrations.get(following.integration.value)
                if called is not None and called.kind != "file":
                    yield context.error(
                        "BOT203",
                        following.integration.span,
                        f"`{called.name.value}` is an `api` integration, but the step "
                        "after an `upload` must call a `file` integration",
                        "declare a `file` integration (file POST \"...\") and call it here",
                    )
                if following.label is not None:
                    yield context.error(
                        "BOT204",
                        following.label.span,
                        "the `call` after an `upload` cannot carry a label",
                        "jump to the `upload` instead; the file is only there after it",
                    )
        if isinstance(step, CallStep):
            called = integrations.get(step.integration.value)
            preceding = steps[index - 1] if index > 0 else None
            if (
                called is not None
                and called.kind == "file"
                and not isinstance(preceding, UploadStep)
            ):
                yield context.error(
                    "BOT203",
                    step.integration.span,
                    f"`{called.name.value}` is a `file` integration and can only be "
                    "called right after an `upload`",
                    "put an `upload \"...\"` step just before this `call`",
                )
