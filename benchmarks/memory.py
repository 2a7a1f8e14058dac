"""Memory benchmark (issue 6 item 4).

    python benchmarks/memory.py [--dialogs 10000] [--examples examples]

1. Conversation state: every `.bot` file in `--examples` is compiled and its `test` blocks
   run; the state after each test (its last `step` call) is serialized as compact UTF-8
   JSON, as a store keeps it. Per example: the largest such state, and the largest state
   seen after any `step` call of any test. Target: <= 1 KB after the tests.
2. Table memory: the generated bot of `--dialogs` dialogs (`bot_source.py`) compiled
   once; then `load_table` of its table document under tracemalloc (after loading a
   one-dialog bot, so that one-time set-up is not counted): the memory the loaded `Table`
   keeps, and the peak while loading. No target; printed per dialog as well.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from timing import print_table, verdict
from turns import compiled_table

from botc.compiler import compile_file
from botc.runtime.loading import load_table
from botc.runtime.testing import run_tests

TARGET_STATE_BYTES = 1024
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@attrs.frozen
class StateSizes:
    """One example's test run: tests run and passed, and its largest serialized states."""

    example: str
    tests: int
    passed: int
    after_tests: int  # bytes: the largest state a test ended with
    largest_seen: int  # bytes: the largest state after any step call


@attrs.frozen
class TableMemory:
    """`load_table` of one table document under tracemalloc, in bytes."""

    dialogs: int
    json_bytes: int
    kept: int
    peak: int


def state_bytes(state: dict[str, Any]) -> int:
    """The size of a state record as a store keeps it: compact JSON, UTF-8."""
    return len(json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def example_state_sizes(path: Path) -> StateSizes:
    """Compile `path`, run its tests and measure the states they leave; exits if it does
    not compile (an example must)."""
    result = compile_file(path)
    if result.table is None:
        raise SystemExit(f"{path} does not compile: {result.errors[0].message}")
    tests = run_tests(result.table)
    finals, seen = [0], [0]
    for test in tests:
        states = [state for turn in test.trace.turns for state in turn.states]
        if states:
            finals.append(state_bytes(states[-1]))
            seen.extend(state_bytes(state) for state in states)
    return StateSizes(
        example=path.name,
        tests=len(tests),
        passed=sum(test.passed for test in tests),
        after_tests=max(finals),
        largest_seen=max(seen),
    )


def table_memory(dialogs: int) -> TableMemory:
    """What `load_table` allocates for the generated bot of `dialogs` dialogs."""
    document = compiled_table(dialogs)
    load_table(compiled_table(1))  # one-time set-up (lazy imports, environments) not counted
    gc.collect()
    tracemalloc.start()
    try:
        table = load_table(document)
        gc.collect()
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del table
    return TableMemory(dialogs, len(json.dumps(document, separators=(",", ":"))), kept, peak)


def print_state_sizes(sizes: Sequence[StateSizes]) -> None:
    print_table(
        "Conversation state of each example after its tests (bytes, compact JSON)",
        ["example", "tests", "passed", "after tests", "largest seen", "target", "verdict"],
        [
            [s.example, s.tests, s.passed, s.after_tests, s.largest_seen,
             f"<= {TARGET_STATE_BYTES}",
             verdict(s.after_tests <= TARGET_STATE_BYTES,
                     f"{s.after_tests / TARGET_STATE_BYTES:.2f}x of target")]
            for s in sizes
        ],
    )


def print_table_memory(memory: TableMemory) -> None:
    kb = 1024
    print_table(
        f"Table memory: load_table of a {memory.dialogs:,}-dialog bot (tracemalloc)",
        ["measure", "KB", "bytes per dialog"],
        [
            ["table document (compact JSON)", memory.json_bytes / kb,
             memory.json_bytes // memory.dialogs],
            ["kept by the loaded Table", memory.kept / kb, memory.kept // memory.dialogs],
            ["peak while loading", memory.peak / kb, memory.peak // memory.dialogs],
        ],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialogs", type=int, default=10_000)
    parser.add_argument("--examples", type=Path, default=EXAMPLES)
    args = parser.parse_args(argv)
    print_state_sizes([example_state_sizes(path) for path in sorted(args.examples.glob("*.bot"))])
    print_table_memory(table_memory(args.dialogs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
