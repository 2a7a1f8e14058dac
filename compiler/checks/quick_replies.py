"""Quick replies that route nowhere useful: a reply's title is what the consumer sends
when they tap it, so a title no pattern takes starts the fallback, and a title an `ask`
offers but none of its `when` branches takes goes to the question's rejection (its
`otherwise` when a `when` was meant for it, or the step after the question)."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.answer_conditions import holds
from botc.compiler.checks.context import CheckContext
from botc.compiler.pattern_languages import ModulePattern, module_patterns, route
from botc.dsl.ast import AskStep, CardStep, OtherwiseBranch, SayStep, Step, Str, WhenBranch
from botc.dsl.diagnostics import Diagnostic
from botc.runtime.normalize import normalize


def check_quick_replies(context: CheckContext) -> Iterator[Diagnostic]:
    patterns = module_patterns(context.module)
    for ref, step in context.steps.of_kinds(AskStep, SayStep, CardStep):
        asked, replies = _replies(step)
        for reply in replies:
            if "{" in reply.value:
                continue  # a template: its title is only known at run time
            if asked is not None:
                problem = _rejected(asked, reply.value)
            elif _waits_right_after(context, ref):
                continue  # an `ask` that follows hears the reply first
            else:
                problem = _unrouted(patterns, reply.value)
            if problem is not None:
                yield context.warning(
                    "BOT413",
                    reply.span,
                    f"tapping the quick reply {reply.raw} {problem}",
                    "make the title one of the texts that are understood here, or add a "
                    "pattern or branch for it",
                )


def _replies(step: Step) -> tuple[AskStep | None, tuple[Str, ...]]:
    """The step-kind dispatch: an `ask`'s replies answer it; a message's are routed."""
    if isinstance(step, AskStep):
        return step, step.quick_replies
    if isinstance(step, SayStep | CardStep):
        return None, step.options.quick_replies
    return None, ()


def _unrouted(patterns: list[ModulePattern], title: str) -> str | None:
    if route(patterns, normalize(title)) is None:
        return "matches no pattern, so it starts the fallback"
    return None


def _rejected(step: AskStep, title: str) -> str | None:
    whens = [branch for branch in step.branches if isinstance(branch, WhenBranch)]
    if not whens:
        return None  # every answer is kept and the dialog goes on
    for branch in whens:
        verdict = holds(branch.condition.source, title)
        if verdict is None or verdict:
            return None
    otherwise = next((b for b in step.branches if isinstance(b, OtherwiseBranch)), None)
    if otherwise is None:
        return "satisfies no `when`, so it is treated as an answer the question rejects"
    # an `otherwise` may be the answer's intended way ("Yes" -> when, "No" -> otherwise);
    # it is the rejection when a `when` was meant for a word of the title but misses it
    meant = next((b for b in whens if _takes_a_word(b, title)), None)
    if meant is None:
        return None
    return (
        f"is not taken by the `when` at line {meant.span.line} (a condition holds for the "
        f"whole answer, not a word of it), so it goes to the `otherwise` at line "
        f"{otherwise.span.line}"
    )


def _takes_a_word(branch: WhenBranch, title: str) -> bool:
    words = title.split()
    return len(words) > 1 and any(holds(branch.condition.source, word) for word in words)


def _waits_right_after(context: CheckContext, ref: tuple[int, int]) -> bool:
    """True when the response goes on from the message to an `ask` without waiting."""
    seen: set[tuple[int, int]] = set()
    pending = list(context.flow.same_response.get(ref, ()))
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        if isinstance(context.flow.steps[current], AskStep):
            return True
        pending.extend(context.flow.same_response.get(current, ()))
    return False
