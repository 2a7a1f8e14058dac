"""Testing bots: `test` blocks, replay, Hypothesis strategies, invariants, exploration.

Everything here works from compiled tables (docs/TABLE.md), passed as their JSON dicts:

- `run_tests(table)` / `run_test(table, test)` run the table's `test` blocks;
- `replay(table, events, outcomes) -> Trace` runs a conversation with scripted outcomes;
- `events(table)` and `conversations(table, max_turns=...)` are Hypothesis strategies;
- the invariants (`runtime_faults`, `nondeterminism`, `extra_actions`,
  `invalid_responses`, `state_round_trip_failures`, `unbounded_turns`,
  `escalation_overruns`, `escalation_loops`, `unhandled_integration_failures`,
  `silent_turns`) each return the `Violation`s a trace shows; `check_invariants` raises;
- `explore(table, examples=N, seed=S)` finds and shrinks counterexamples;
- `coverage(table, traces)` says which steps and branches ran.

See docs/TESTING.md.
"""

from botc.runtime.drivers.stubs import Outcome
from botc.runtime.faults import Fault
from botc.runtime.testing.coverage_report import Coverage, coverage, render_coverage
from botc.runtime.testing.exploration import Exploration, Finding, explore
from botc.runtime.testing.invariants import (
    INVARIANTS,
    InvariantViolation,
    Violation,
    check_invariants,
    escalation_loops,
    escalation_overruns,
    extra_actions,
    invalid_responses,
    nondeterminism,
    runtime_faults,
    silent_turns,
    state_round_trip_failures,
    unbounded_turns,
    unhandled_integration_failures,
    violations,
)
from botc.runtime.testing.pasteable import as_test_block
from botc.runtime.testing.replayer import replay, replay_conversation
from botc.runtime.testing.runner import TestFailure, TestResult, run_test, run_tests
from botc.runtime.testing.scripted import (
    Conversation,
    fails,
    file_event,
    returns,
    rich_content_event,
    signal_event,
    start_event,
    text_event,
)
from botc.runtime.testing.strategies import conversations, events
from botc.runtime.testing.trace import Call, Trace, TracedTurn

__all__ = [
    "INVARIANTS",
    "Call",
    "Conversation",
    "Coverage",
    "Exploration",
    "Fault",
    "Finding",
    "InvariantViolation",
    "Outcome",
    "TestFailure",
    "TestResult",
    "Trace",
    "TracedTurn",
    "Violation",
    "as_test_block",
    "check_invariants",
    "conversations",
    "coverage",
    "escalation_loops",
    "escalation_overruns",
    "events",
    "explore",
    "extra_actions",
    "fails",
    "file_event",
    "invalid_responses",
    "nondeterminism",
    "render_coverage",
    "replay",
    "replay_conversation",
    "returns",
    "rich_content_event",
    "run_test",
    "run_tests",
    "runtime_faults",
    "signal_event",
    "silent_turns",
    "start_event",
    "state_round_trip_failures",
    "text_event",
    "unbounded_turns",
    "unhandled_integration_failures",
    "violations",
]
