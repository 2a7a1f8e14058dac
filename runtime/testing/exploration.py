"""Exploration: generated conversations checked against the built-in invariants.

`explore(table, examples=N, seed=S)` searches with `hypothesis.find` for a conversation
that breaks one of the invariants still unbroken; Hypothesis shrinks it to a minimal one,
which becomes a `Finding` with a ready-to-paste `test` block. The search then goes on for
the other invariants, until one finds nothing in N conversations. Exploring never writes
a Hypothesis database: a run depends only on the table, N and the seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import attrs
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample, Unsatisfiable

from botc.runtime.testing.arrivals import possible
from botc.runtime.testing.invariants import INVARIANTS, Violation, violations
from botc.runtime.testing.pasteable import as_test_block
from botc.runtime.testing.replayer import replay_conversation
from botc.runtime.testing.scripted import Conversation
from botc.runtime.testing.stepping import TableData
from botc.runtime.testing.strategies import conversations
from botc.runtime.testing.trace import Trace

Progress = Callable[[int], None]


@attrs.frozen
class Finding:
    """A shrunk conversation that breaks an invariant, and the block that replays it."""

    violation: Violation
    conversation: Conversation
    trace: Trace
    block: str
    line: int | None = None  # the source line of the last step the broken turn ran

    @property
    def invariant(self) -> str:
        return self.violation.invariant


@attrs.frozen
class Exploration:
    """What `explore` did: the conversations tried, the seed, and the findings."""

    tried: int
    seed: int
    findings: tuple[Finding, ...]
    traces: tuple[Trace, ...]  # one per conversation tried (for coverage)


def explore(
    table: TableData,
    *,
    examples: int = 100,
    seed: int | None = None,
    max_turns: int = 8,
    skip: tuple[str, ...] = (),
    progress: Progress | None = None,
) -> Exploration:
    """Check the invariants on `examples` generated conversations per search and shrink
    each kind of failure found to a minimal conversation.

    `seed` makes the run reproducible (a random one is drawn and reported otherwise);
    `skip` names invariants not to check; `progress` is called with the number of
    conversations tried so far.
    """
    seed = random.randrange(2**32) if seed is None else seed
    strategy = conversations(table, max_turns=max_turns)
    remaining = [name for name in INVARIANTS if name not in skip]
    findings: list[Finding] = []
    traces: list[Trace] = []
    tried = 0

    def broken(conversation: Conversation) -> bool:
        nonlocal tried
        tried += 1
        trace = replay_conversation(table, conversation)
        if len(traces) < examples:
            traces.append(trace)
        if progress is not None:
            progress(tried)
        return bool(_found(table, trace, remaining))

    rounds = 0
    while remaining and rounds < len(INVARIANTS):
        rounds += 1
        try:
            minimal = find(
                strategy,
                broken,
                settings=_settings(examples),
                random=random.Random(seed + rounds),
            )
        except (NoSuchExample, Unsatisfiable):
            break
        minimal = _without_spare_events(table, minimal, remaining)
        trace = replay_conversation(table, minimal)
        found = _found(table, trace, remaining)
        first = found[0]
        block = as_test_block(
            table, trace, name=f"explore: {first.invariant}", notes={first.turn: str(first)}
        )
        findings.append(Finding(first, minimal, trace, block, _last_step_line(table, trace, first)))
        remaining = [name for name in remaining if name not in {v.invariant for v in found}]
    return Exploration(tried=tried, seed=seed, findings=tuple(findings), traces=tuple(traces))


def _last_step_line(table: TableData, trace: Trace, violation: Violation) -> int | None:
    """Where to start reading about `violation`: the source line of the last step its
    turn ran (the `set` after which a turn fell silent, the `call` whose failure went
    unhandled), or, when that turn ran none (the runtime stopped routing it), of the last
    step an earlier turn ran; None when no turn ran a step of the table."""
    lines = {step.get("id"): step.get("line") for step in table.get("steps") or []}
    for turn in reversed(trace.turns[: violation.turn + 1]):
        if turn.steps_run:
            line = lines.get(turn.steps_run[-1])
            return int(line) if isinstance(line, int) and line > 0 else None
    return None


def _without_spare_events(
    table: TableData, conversation: Conversation, remaining: list[str]
) -> Conversation:
    """`conversation` with each event dropped that the first finding does not need.

    Hypothesis shrinks well but can leave a leading event it could not delete together with
    what depends on it; one greedy pass over single events finishes the job. An event is
    dropped only when what is left can still really happen (no file without an upload
    waiting for it, ...).
    """
    wanted = _found(table, replay_conversation(table, conversation), remaining)[0].invariant
    events = list(conversation.events)
    index = 0
    while index < len(events) and len(events) > 1:
        candidate = attrs.evolve(conversation, events=tuple(events[:index] + events[index + 1 :]))
        trace = replay_conversation(table, candidate)
        found = _found(table, trace, remaining) if possible(candidate.events, trace.turns) else []
        if found and found[0].invariant == wanted:
            events.pop(index)
        else:
            index += 1
    return attrs.evolve(conversation, events=tuple(events))


def _found(table: TableData, trace: Trace, remaining: list[str]) -> list[Violation]:
    skip = tuple(name for name in INVARIANTS if name not in remaining)
    try:
        return violations(table, trace, skip=skip)
    except Exception as error:  # a checker that breaks on this trace is a finding too
        return [Violation("invariants checkable", 0, f"{type(error).__name__}: {error}")]


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        derandomize=False,  # the seed comes from `random=`, even under the CI profile
    )
