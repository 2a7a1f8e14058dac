"""The bounded model checker: breadth-first over conversation states, one input per class.

From the fresh state, every event that can arrive (`inputs.py`) is applied, each turn
branched on its integrations' outcome classes (`turn_branches.py`), and each resulting
turn checked against the invariants of `runtime.testing`. New states (their JSON, less the
parts no expression reads, plus what can arrive next) go on the next level; a state seen
before is not explored again. Level N holds the conversations of N events, so when level N
is done every conversation of up to N events (over the input classes) has been checked:
depth N is proven. The first conversation that shows a finding is a shortest one.

Determinism is not re-checked here: `step` is pure (its tests hold it to that).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from botc.compiler.verification.dialog_checks import dialog_violations
from botc.compiler.verification.findings import DEAD_END, Classified, classify
from botc.compiler.verification.inputs import InputClasses, names_read
from botc.compiler.verification.outcomes import outcome_classes
from botc.compiler.verification.turn_branches import Branch, turn_branches
from botc.compiler.verification.witnesses import reply_texts
from botc.runtime.defaults import ESCALATION_FAILED_TEXT
from botc.runtime.drivers.stubs import Outcome
from botc.runtime.state import ConversationState, Wait
from botc.runtime.testing.arrivals import Arrivals
from botc.runtime.testing.invariants import (
    Violation,
    escalation_loops,
    escalation_overruns,
    extra_actions,
    invalid_responses,
    runtime_faults,
    silent_turns,
    state_round_trip_failures,
    unbounded_turns,
    unhandled_integration_failures,
)
from botc.runtime.testing.pasteable import as_test_block
from botc.runtime.testing.replayer import replay
from botc.runtime.testing.scripted import consumer_text, text_event
from botc.runtime.testing.stepping import loaded_table, state_json
from botc.runtime.testing.trace import Trace, TracedTurn
from botc.runtime.wire.events import Event

SearchProgress = Callable[[int, int], None]  # (depth being explored, states explored)
_MOST_KEPT_TRANSITIONS = 100_000


@attrs.frozen
class Found:
    """A finding with its shortest conversation and the `test` block that replays it."""

    classified: Classified
    trace: Trace
    block: str


@attrs.frozen
class StateSearch:
    states_explored: int
    depth_proven: int
    exhausted: bool  # every reachable state was explored (no depth bound was hit)
    findings: tuple[Found, ...]


@attrs.frozen
class _Node:
    state: ConversationState
    arrivals: Arrivals
    replies: tuple[str, ...]
    turns: tuple[TracedTurn, ...]


def explore_table(
    table: Mapping[str, Any],
    *,
    depth: int,
    budget_seconds: float,
    progress: SearchProgress | None = None,
) -> StateSearch:
    """Explore `table` to `depth` events, stopping when `budget_seconds` are spent (the
    budget starts once the table is loaded)."""
    loaded_table(table)  # loading (validating a big table) is not exploring: done first
    deadline = time.monotonic() + budget_seconds
    inputs = InputClasses.of(table)
    keyed = _KeyMaker(table)
    check = _Checker(table)
    transitions = _Transitions(table, outcome_classes(table))
    root = _Node(ConversationState.initial(), Arrivals(), (), ())
    seen = {keyed(root)}
    frontier = [root]
    found: dict[tuple[str, int], Found] = {}
    proven = 0
    for level in range(1, depth + 1):
        following: list[_Node] = []
        for node in frontier:
            if time.monotonic() > deadline:
                return StateSearch(len(seen), proven, False, _ordered(found))
            trap = _Trap(node.state.wait, len(node.state.suspended))
            for tried in inputs.events(node.state, node.arrivals, node.replies):
                if time.monotonic() > deadline:
                    return StateSearch(len(seen), proven, False, _ordered(found))
                for branch in transitions(node.state, tried.event):
                    trap.add(tried.event, branch)
                    turns = (*node.turns, branch.turn)
                    _record(table, check, turns, node.replies, found)
                    if branch.turn.unfinished or branch.turn.crash is not None:
                        continue
                    if not tried.expand:
                        continue
                    child = _Node(
                        keyed.canonical(branch.state),
                        node.arrivals.after(branch.turn),
                        reply_texts(branch.turn.items),
                        turns,
                    )
                    if _retries_the_same_transfer(node, child):
                        _record_escalation_loop(table, turns, found)
                    key = keyed(child)
                    if key not in seen:
                        seen.add(key)
                        following.append(child)
            if trap.holds(table):
                _record_dead_end(table, node, trap, found)
            if progress is not None:
                progress(level, len(seen))
        proven = level
        frontier = following
        if not frontier:
            return StateSearch(len(seen), depth, True, _ordered(found))
    return StateSearch(len(seen), proven, False, _ordered(found))


def _record(
    table: Mapping[str, Any],
    check: _Checker,
    turns: tuple[TracedTurn, ...],
    offered: tuple[str, ...],
    found: dict[Any, Found],
) -> None:
    """Check the last of `turns` (`offered`: the replies the turn before it sent) and keep
    each new finding with this conversation."""
    for violation in check(turns) + dialog_violations(table, turns, offered):
        classified = classify(table, turns, violation)
        key = (classified.bug.code, classified.line)
        if key in found:
            continue
        trace = Trace(turns=turns)
        block = as_test_block(
            table, trace, name=classified.bug.title, notes={len(turns) - 1: str(violation)}
        )
        found[key] = Found(classified, trace, block)


class _Transitions:
    """`turn_branches`, kept per (state, event): nodes that differ only in what can arrive
    next share the turns of the events they both take."""

    def __init__(self, table: Mapping[str, Any], outcomes: Mapping[str, Any]) -> None:
        self.table = table
        self.outcomes = outcomes
        self.known: dict[str, list[Branch]] = {}

    def __call__(self, state: ConversationState, event: Event) -> list[Branch]:
        key = json.dumps([state_json(state), event.to_json()], sort_keys=True)
        branches = self.known.get(key)
        if branches is None:
            branches = turn_branches(self.table, state, event, self.outcomes)
            if len(self.known) < _MOST_KEPT_TRANSITIONS:
                self.known[key] = branches
        return branches


class _Checker:
    """The invariants the last turn of a conversation breaks (the earlier turns were
    checked already). The costly checks of a response or a state are kept per distinct
    value: many turns send the same response or reach the same state."""

    def __init__(self, table: Mapping[str, Any]) -> None:
        self.table = table
        self.responses: dict[str, list[Violation]] = {}
        self.states: dict[str, list[Violation]] = {}
        # id(turn): the turn kept alive
        self.turns: dict[int, tuple[TracedTurn, list[Violation]]] = {}

    def __call__(self, turns: tuple[TracedTurn, ...]) -> list[Violation]:
        last = turns[-1]
        known = self.turns.get(id(last))
        if known is not None and known[0] is last:
            found = list(known[1])
        else:
            found = self._turn(last)
            self.turns[id(last)] = (last, found)
        if consumer_text(last.event) == ESCALATION_FAILED_TEXT:
            whole = Trace(turns=turns)
            escalation = escalation_overruns(self.table, whole)
            escalation += escalation_loops(self.table, whole)
            found += [v for v in escalation if v.turn == len(turns) - 1]
        return [attrs.evolve(v, turn=len(turns) - 1) for v in found]

    def _turn(self, last: TracedTurn) -> list[Violation]:
        """The invariants one turn breaks on its own."""
        one = Trace(turns=(last,))
        return (
            runtime_faults(one, self.table)
            + unbounded_turns(one)
            + silent_turns(one)
            + unhandled_integration_failures(self.table, one)
            + extra_actions(one)
            + self._cached(self.responses, [last.items, last.intents], invalid_responses, one)
            + self._cached(self.states, last.states, state_round_trip_failures, one)
        )

    @staticmethod
    def _cached(
        cache: dict[str, list[Violation]],
        value: Any,
        check: Callable[[Trace], list[Violation]],
        trace: Trace,
    ) -> list[Violation]:
        key = json.dumps(value, sort_keys=True)
        if key not in cache:
            cache[key] = check(trace)
        return cache[key]


class _Trap:
    """Whether the question a node waits at can be left: it is a dead end when every
    consumer text tried there (one reaching each of its `when` branches among them) comes
    back to the same question. A question that comes back because a put-aside copy of it
    resumed (the suspended stack got shorter) was left: that is another finding (BOT514)."""

    def __init__(self, wait: Wait | None, suspended: int) -> None:
        self.step = wait.step if wait is not None and wait.kind == "ask" else None
        self.suspended = suspended
        self.closed = self.step is not None
        self.taken: set[int] = set()
        self.example: TracedTurn | None = None

    def add(self, event: Event, branch: Branch) -> None:
        if not self.closed or consumer_text(event) is None:
            return
        wait = branch.state.wait
        resumed = len(branch.state.suspended) < self.suspended
        if wait is None or wait.kind != "ask" or wait.step != self.step or resumed:
            self.closed = False
            return
        self.taken.update(index for step, index in branch.turn.branches if step == self.step)
        self.example = self.example or branch.turn

    def holds(self, table: Mapping[str, Any]) -> bool:
        if not self.closed or self.step is None or self.example is None:
            return False
        branches = (table.get("steps") or [])[self.step]["branches"]
        whens = {i for i, b in enumerate(branches) if b["kind"] == "when"}
        return bool(whens) and whens <= self.taken


def _record_dead_end(
    table: Mapping[str, Any], node: _Node, trap: _Trap, found: dict[Any, Found]
) -> None:
    assert trap.step is not None and trap.example is not None
    step = (table.get("steps") or [])[trap.step]
    line = int(step["branches"][0]["line"])
    key = (DEAD_END.code, line)
    if key in found:
        return
    field = step["args"]["field"]
    message = (
        f"no answer leaves the question `ask {field}`: every branch comes back to it, so the "
        "conversation is stuck here"
    )
    trace = Trace(turns=(*node.turns, trap.example))
    note = {len(trace.turns) - 1: "dead end: the question is asked again whatever the answer"}
    block = as_test_block(table, trace, name=DEAD_END.title, notes=note)
    found[key] = Found(Classified(DEAD_END, line, message), trace, block)


def _retries_the_same_transfer(parent: _Node, child: _Node) -> bool:
    """Whether a failed transfer was answered with a transfer that leaves the conversation
    where it was, the failure count aside: the bot will do so until the runtime stops it."""
    if consumer_text(child.turns[-1].event) != ESCALATION_FAILED_TEXT:
        return False
    if not child.arrivals.transfer_sent:
        return False
    before = attrs.evolve(parent.state, escalation_failures=0)
    after = attrs.evolve(child.state, escalation_failures=0)
    return state_json(before) == state_json(after) and parent.arrivals == child.arrivals


def _record_escalation_loop(
    table: Mapping[str, Any], turns: tuple[TracedTurn, ...], found: dict[Any, Found]
) -> None:
    """Play the loop on to the runtime's stop, so that the block shows the whole of it."""
    attempts = int((table.get("bot") or {}).get("escalation_attempts") or 4)
    events = [turn.event for turn in turns] + [text_event(ESCALATION_FAILED_TEXT)] * attempts
    outcomes: dict[str, list[Outcome]] = {}
    for turn in turns:
        for call in turn.calls:
            if call.outcome is not None:
                outcomes.setdefault(call.integration, []).append(call.outcome)
    trace = replay(table, events, outcomes)
    for violation in escalation_loops(table, trace):
        shown = Trace(turns=trace.turns[: violation.turn + 1])
        classified = classify(table, shown.turns, violation)
        key = (classified.bug.code, classified.line)
        if key not in found:
            notes = {violation.turn: str(violation)}
            block = as_test_block(table, shown, name=classified.bug.title, notes=notes)
            found[key] = Found(classified, shown, block)
        return


def _ordered(found: Mapping[Any, Found]) -> tuple[Found, ...]:
    return tuple(sorted(found.values(), key=lambda f: (f.classified.line, f.classified.bug.code)))


class _KeyMaker:
    """States made canonical, and a node's identity for de-duplication.

    Between events, parts of a state that change no later answer are reset, so that
    states differing only there are one: the effect counter (ids appear in no item),
    whether the last response carried an ACTION (a new response starts afresh), the
    consumer's last text when no template reads `user`, and fields and `botContext`
    values no template or expression names. A node is its canonical state plus what
    can arrive next and the replies just offered."""

    def __init__(self, table: Mapping[str, Any]) -> None:
        self.read = names_read(table)

    def canonical(self, state: ConversationState) -> ConversationState:
        return attrs.evolve(
            state,
            effect_counter=0,
            action_sent=False,
            user_message=state.user_message if "user" in self.read else None,
            fields={k: v for k, v in state.fields.items() if k in self.read},
            bot_context={k: v for k, v in state.bot_context.items() if k in self.read},
        )

    def __call__(self, node: _Node) -> str:
        key = [state_json(node.state), attrs.astuple(node.arrivals), node.replies]
        return json.dumps(key, sort_keys=True, separators=(",", ":"))
