"""A dialog entered from inside a wait that goes back to the waiting dialog instead of
ending (LANGUAGE.md 4.3).

When a question lets the consumer's text go to another dialog, the question is put aside
(suspended); so is whatever waits when an upload's outcome starts a dialog. The wait comes
back when the new dialog *ends*: the question is asked again, an interrupted wait waits
again. A dialog that instead jumps to `dialog P` — P being the dialog that waits — starts
P over while P's wait is still put aside. P runs its steps again, and when it ends the old
wait comes back a second time: the question is asked once more after the consumer has
already answered it (and what follows it runs twice), or the bot silently waits on a
question the consumer already answered.

The warning is at the `goto dialog` or the branch that jumps back. Whether the new dialog
can start from the question is decided on texts built from its patterns (a filler word
per `*`; a few texts per `/regex/`): the text must reach the dialog, and every `when` of
the question must be known not to take it. A question with an `otherwise` keeps every
answer, so it never lets a text go.
"""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.answer_conditions import holds
from botc.compiler.checks.context import CheckContext
from botc.compiler.checks.shadowed_patterns import CovererIndex
from botc.compiler.flow import StepRef
from botc.compiler.pattern_languages import ModulePattern, module_patterns
from botc.compiler.regex_globs import witnesses
from botc.compiler.step_kinds import step_kind
from botc.dsl.ast import (
    AskStep,
    CallStep,
    DialogTarget,
    GotoStep,
    OtherwiseBranch,
    Span,
    Step,
    UploadStep,
    WhenBranch,
)
from botc.dsl.diagnostics import Diagnostic
from botc.runtime.defaults import (
    UPLOAD_FAILED_PREFIX,
    UPLOAD_FAILURE_TEXT,
    UPLOAD_SUCCESS_PREFIX,
    UPLOAD_SUCCESS_TEXT,
)
from botc.runtime.matching.pattern_globs import Glob
from botc.runtime.normalize import normalize

_FILLER = "something"  # the text a witness puts where a pattern has a `*`


def check_restarted_dialogs(context: CheckContext) -> Iterator[Diagnostic]:
    """A warning at each jump of a dialog, entered from a wait of dialog P, back to P."""
    router: _Router | None = None
    for entered in _jumping_dialogs(context):
        won: list[str] | None = None  # the texts that start `entered`, once it jumps
        for waiting, span in _jumps_to_other_dialogs(context, entered):
            router = router if router is not None else _Router(module_patterns(context.module))
            won = won if won is not None else router.texts_won(entered)
            interrupted = _interrupted_wait(context, router, won, entered, waiting)
            if interrupted is None:
                continue
            how, wait = interrupted
            name = context.steps.dialogs[waiting].name.value
            yield context.warning(
                "BOT423",
                span,
                f"this dialog can start while {how}; going to dialog `{name}` here starts "
                f"it over while {wait} is put aside, so when `{name}` ends {wait} comes "
                "back a second time, after the consumer has been through it again",
                f"let this dialog end instead: {wait} comes back by itself when it ends "
                "(LANGUAGE.md 4.3)",
            )


class _Router:
    """Which pattern wins a text, as `compiler.pattern_languages.route` decides it, but
    comparing the text only with the patterns that can match it (the glob patterns that
    hold one of its words, and every regex), so that a large bot is not scanned whole
    for each text."""

    def __init__(self, patterns: list[ModulePattern]) -> None:
        self.patterns = patterns
        self.index = CovererIndex([p for p in patterns if p.regex is None])
        self.regexes = [p for p in patterns if p.regex is not None]

    def route(self, text: str) -> ModulePattern | None:
        candidates = [p for p, _ in self.index.candidates((Glob((text,), ()),))]
        matching = [p for p in (*candidates, *self.regexes) if p.matches(text)]
        return min(matching, key=lambda p: p.rank, default=None)

    def texts_won(self, dialog: int) -> list[str]:
        """Texts built from the patterns of `dialog` that routing gives to `dialog`."""
        won = []
        for pattern in self.patterns:
            if pattern.dialog != dialog:
                continue
            for text in _pattern_texts(pattern):
                winner = self.route(text)
                if winner is not None and winner.dialog == dialog:
                    won.append(text)
        return won


def _jumping_dialogs(context: CheckContext) -> list[int]:
    """The dialogs with a step naming a dialog, in file order: only they can jump back."""
    steps = context.steps.of_kinds(GotoStep, AskStep, CallStep)
    return sorted({ref[0] for ref, step in steps if next(_dialog_targets(step), None)})


def _jumps_to_other_dialogs(context: CheckContext, dialog: int) -> Iterator[tuple[int, Span]]:
    """(the dialog jumped to, the jump's span) for each `goto dialog` and `-> dialog`
    target of the steps of `dialog` reachable from its entry."""
    entry = context.flow.entries[dialog]
    seen: set[StepRef] = set()
    pending = [entry] if entry is not None else []
    while pending:
        ref = pending.pop()
        if ref in seen or ref[0] != dialog:
            continue
        seen.add(ref)
        pending.extend(context.flow.successors(ref))
        for target, span in _dialog_targets(context.flow.steps[ref]):
            other = context.symbols.dialogs.get(target.dialog.value)
            if other is not None and other != dialog:
                yield other, span


def _dialog_targets(step: Step) -> Iterator[tuple[DialogTarget, Span]]:
    """The step's `dialog NAME` targets, each with the span of the jump that names it."""
    if isinstance(step, GotoStep):
        if isinstance(step.target, DialogTarget):
            yield step.target, step.span
        return
    if isinstance(step, AskStep | CallStep):  # the kinds with branches
        for branch in step.branches:
            if isinstance(branch.target, DialogTarget):
                yield branch.target, branch.span


def _interrupted_wait(
    context: CheckContext,
    router: _Router,
    won: list[str],
    entered: int,
    waiting: int,
) -> tuple[str, str] | None:
    """How dialog `entered` can start while a wait of dialog `waiting` is put aside, and
    what that wait is (two phrases for the message); None when it cannot be shown."""
    steps = context.steps.dialogs[waiting].steps
    for index, step in enumerate(steps):
        if isinstance(step, AskStep):
            text = _text_let_go(step, won)
            if text is not None:
                return (
                    f"{_wait_name(step)} waits (the answer {text!r} comes here)",
                    "the question",
                )
        if isinstance(step, UploadStep) and index + 1 < len(steps):
            found = _wait_during_upload(context, router, (waiting, index), entered)
            if found is not None:
                return found
    return None


def _text_let_go(step: AskStep, won: list[str]) -> str | None:
    """One of the texts `won` that the question lets go (LANGUAGE.md 5.2)."""
    if any(isinstance(branch, OtherwiseBranch) for branch in step.branches):
        return None
    conditions = [b.condition.source for b in step.branches if isinstance(b, WhenBranch)]
    for text in won:
        if all(holds(condition, text) is False for condition in conditions):
            return text
    return None


def _pattern_texts(pattern: ModulePattern) -> list[str]:
    """A few normalized texts the pattern matches."""
    if pattern.regex is not None:
        texts = witnesses(pattern.regex.pattern)
    else:
        texts = [_FILLER.join(glob.literals) for glob in pattern.globs]
    return [text for text in (normalize(t) for t in texts) if pattern.matches(text)]


def _wait_during_upload(
    context: CheckContext, router: _Router, upload: StepRef, entered: int
) -> tuple[str, str] | None:
    """When an outcome of the upload at `upload` starts dialog `entered` and the upload's
    dialog goes on to a wait in the same response (the outcome arrives during it)."""
    step = context.flow.steps[upload]
    call = context.flow.steps.get((upload[0], upload[1] + 1))
    if not isinstance(step, UploadStep) or not isinstance(call, CallStep):
        return None
    wait = _next_wait(context, (upload[0], upload[1] + 1))
    if wait is None:
        return None
    outcomes = (
        UPLOAD_SUCCESS_PREFIX + (step.success.value if step.success else UPLOAD_SUCCESS_TEXT),
        UPLOAD_FAILED_PREFIX + (step.failure.value if step.failure else UPLOAD_FAILURE_TEXT),
    )
    for outcome in outcomes:
        winner = router.route(normalize(outcome))
        if winner is not None and winner.dialog == entered:
            waiting = context.flow.steps[wait]
            return (
                f"{_wait_name(waiting)} waits (the upload at line {step.span.line} can "
                "finish then, and its outcome starts this dialog)",
                "the question" if isinstance(waiting, AskStep) else "the upload",
            )
    return None


def _wait_name(step: Step) -> str:
    if isinstance(step, AskStep):
        return f"the question `ask {step.field.value}` (line {step.span.line})"
    return f"the upload at line {step.span.line}"


def _next_wait(context: CheckContext, start: StepRef) -> StepRef | None:
    """The first waiting step of the same dialog that a response reaches from `start`."""
    seen: set[StepRef] = set()
    pending = list(context.flow.same_response.get(start, ()))
    while pending:
        ref = pending.pop(0)
        if ref in seen or ref[0] != start[0]:
            continue
        seen.add(ref)
        if step_kind(context.flow.steps[ref]).waits:
            return ref
        pending.extend(context.flow.same_response.get(ref, ()))
    return None
