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
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from compiler.verification.findings import Classified, classify
from compiler.verification.inputs import InputClasses
from compiler.verification.outcomes import outcome_classes
from compiler.verification.turn_branches import turn_branches
from compiler.verification.witnesses import reply_texts
from runtime.defaults import ESCALATION_FAILED_TEXT
from runtime.testing.arrivals import Arrivals
from runtime.testing.invariants import (
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
from runtime.testing.pasteable import as_test_block
from runtime.testing.scripted import consumer_text
from runtime.testing.stepping import initial_state, state_json
from runtime.testing.trace import Trace, Turn

Progress = Callable[[int, int], None]  # (depth being explored, states explored)
_USER_MESSAGE = re.compile(r"\buser\b|userMessage")


@attrs.frozen
class Found:
    """A finding with its shortest conversation and the `test` block that replays it."""

    classified: Classified
    trace: Trace
    block: str


@attrs.frozen
class Exploration:
    states_explored: int
    depth_proven: int
    exhausted: bool  # every reachable state was explored (no depth bound was hit)
    findings: tuple[Found, ...]


@attrs.frozen
class _Node:
    state: Any
    arrivals: Arrivals
    replies: tuple[str, ...]
    turns: tuple[Turn, ...]


def explore_table(
    table: Mapping[str, Any],
    *,
    depth: int,
    budget_seconds: float,
    progress: Progress | None = None,
) -> Exploration:
    """Explore `table` to `depth` events, stopping when `budget_seconds` are spent."""
    deadline = time.monotonic() + budget_seconds
    inputs = InputClasses.of(table)
    outcomes = outcome_classes(table)
    keyed = _KeyMaker(table)
    root = _Node(initial_state(), Arrivals(), (), ())
    seen = {keyed(root)}
    frontier = [root]
    found: dict[tuple[str, int], Found] = {}
    proven = 0
    for level in range(1, depth + 1):
        following: list[_Node] = []
        for node in frontier:
            if time.monotonic() > deadline:
                return Exploration(len(seen), proven, False, _ordered(found))
            for event in inputs.events(node.state, node.arrivals, node.replies):
                for branch in turn_branches(table, node.state, event, outcomes):
                    turns = (*node.turns, branch.turn)
                    _record(table, turns, found)
                    if branch.turn.unfinished or any(f.crashed for f in branch.turn.faults):
                        continue
                    child = _Node(
                        branch.state,
                        node.arrivals.after(branch.turn),
                        reply_texts(branch.turn.items),
                        turns,
                    )
                    key = keyed(child)
                    if key not in seen:
                        seen.add(key)
                        following.append(child)
            if progress is not None:
                progress(level, len(seen))
        proven = level
        frontier = following
        if not frontier:
            return Exploration(len(seen), depth, True, _ordered(found))
    return Exploration(len(seen), proven, False, _ordered(found))


def _record(table: Mapping[str, Any], turns: tuple[Turn, ...], found: dict[Any, Found]) -> None:
    """Check the last of `turns` and keep each new finding with this conversation."""
    last = turns[-1]
    for violation in _violations(table, turns):
        classified = classify(table, last, violation)
        key = (classified.bug.code, classified.line)
        if key in found:
            continue
        trace = Trace(turns=turns)
        block = as_test_block(
            table, trace, name=classified.bug.title, notes={len(turns) - 1: str(violation)}
        )
        found[key] = Found(classified, trace, block)


def _violations(table: Mapping[str, Any], turns: tuple[Turn, ...]) -> list[Violation]:
    """The invariants the last turn breaks (the earlier ones were checked already)."""
    one = Trace(turns=(turns[-1],))
    found = (
        runtime_faults(one, table)
        + unbounded_turns(one)
        + silent_turns(one)
        + unhandled_integration_failures(table, one)
        + extra_actions(one)
        + invalid_responses(one)
        + state_round_trip_failures(one)
    )
    if consumer_text(turns[-1].event) == ESCALATION_FAILED_TEXT:
        whole = Trace(turns=turns)
        found += [
            v
            for v in escalation_overruns(table, whole) + escalation_loops(table, whole)
            if v.turn == len(turns) - 1
        ]
    return [attrs.evolve(v, turn=len(turns) - 1) for v in found]


def _ordered(found: Mapping[Any, Found]) -> tuple[Found, ...]:
    return tuple(sorted(found.values(), key=lambda f: (f.classified.line, f.classified.bug.code)))


class _KeyMaker:
    """A node's identity for de-duplication: its state's JSON without what no expression
    can tell apart (the effect counter; the last consumer text when no template reads
    `user`), and what can arrive next."""

    def __init__(self, table: Mapping[str, Any]) -> None:
        self.keeps_user_message = bool(_USER_MESSAGE.search(json.dumps(table.get("steps"))))

    def __call__(self, node: _Node) -> str:
        data = state_json(node.state)
        data.pop("effectCounter", None)
        if not self.keeps_user_message:
            data.pop("userMessage", None)
        key = [data, attrs.astuple(node.arrivals), node.replies]
        return json.dumps(key, sort_keys=True, separators=(",", ":"))
