"""Turn benchmark (issue 6 item 2): an event dict to a response dict through `step`.

    python benchmarks/turns.py [--dialogs 10000] [--repeat 2000]

A generated bot of `--dialogs` dialogs (`bot_source.py`) is compiled and loaded once;
then two turns are timed one by one, each from the same starting state:
- say-only: a consumer text that starts a dialog whose steps are a pause, a private text
  and a text (the turn ends at the dialog's end);
- ask-with-branches: the answer "large" to a waiting `ask` with two `when` branches (an
  equality and a regex test) and an `otherwise`.
Each timed call parses the event dict, runs `step` and builds the Custom Endpoint
response dict. Target: median <= 50 us for both; for a missed one, the top of a cProfile
of that turn is printed.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from bot_source import exact_text, generate_bot
from timing import (
    Sample,
    print_profile,
    print_table,
    profile_rows,
    time_calls,
    verdict,
)

from botc.compiler import compile_source
from botc.runtime.interpreter import step
from botc.runtime.loading import Table, load_table
from botc.runtime.state import ConversationState
from botc.runtime.wire import custom_endpoint
from botc.runtime.wire.events import parse_event

TARGET_MEDIAN_US = 50.0


@functools.cache
def compiled_table(dialogs: int) -> dict[str, Any]:
    """The generated bot's table document, compiled once per process (the memory benchmark
    loads the same one); exits if it does not compile."""
    result = compile_source(generate_bot(dialogs), "generated.bot")
    if result.table is None:
        problems = "; ".join(d.message for d in result.errors[:3])
        raise SystemExit(f"the generated bot does not compile: {problems}")
    return result.table


def build_table(dialogs: int) -> Table:
    """The generated bot, compiled and loaded."""
    return load_table(compiled_table(dialogs))


def turn_function(
    table: Table, state: ConversationState, event: dict[str, Any]
) -> Callable[[], Any]:
    """A call that runs one whole turn: parse the event, step, shape the response."""

    def turn() -> dict[str, Any]:
        _, output = step(table, state, parse_event(event))
        return custom_endpoint.response(output.items, output.intents)

    return turn


def text(message: str) -> dict[str, Any]:
    return {"type": "TEXT", "source": "CONSUMER", "data": {"message": message}, "context": {}}


def scenarios(table: Table, dialogs: int) -> dict[str, Callable[[], Any]]:
    """The two timed turns, each checked once for the expected answer before timing."""
    fresh = ConversationState.initial()
    say_dialog = dialogs - 1 if (dialogs - 1) % 2 == 1 else dialogs - 2
    ask_dialog = dialogs // 2 - (dialogs // 2) % 2
    say_turn = turn_function(table, fresh, text(exact_text(say_dialog, dialogs=dialogs)))
    said = say_turn()["response"]
    assert said[-1]["data"]["message"] == "Anything else?", said

    asking, output = step(table, fresh, parse_event(text(exact_text(ask_dialog, dialogs=dialogs))))
    assert any(item["type"] == "STRUCTURED_CONTENT" for item in output.items), output.items
    ask_turn = turn_function(table, asking, text("large"))
    answered = ask_turn()["response"]
    assert answered[0]["data"]["message"] == "Large it is.", answered
    return {"say-only turn": say_turn, "ask-with-branches turn": ask_turn}


def measure(dialogs: int, repeat: int) -> dict[str, Sample]:
    """Per-turn times of each scenario (each checked for its answer first)."""
    table = build_table(dialogs)
    calls = scenarios(table, dialogs)
    return {name: time_calls(call, repeat=repeat) for name, call in calls.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialogs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2_000)
    args = parser.parse_args(argv)
    table = build_table(args.dialogs)
    calls = scenarios(table, args.dialogs)
    samples = {name: time_calls(call, repeat=args.repeat) for name, call in calls.items()}
    print_table(
        f"Turns through step() on a {args.dialogs:,}-dialog bot (us per turn)",
        ["turn", "median", "p99", "target", "verdict"],
        [
            [name, s.median, s.p99, f"<= {TARGET_MEDIAN_US:.0f}",
             verdict(s.median <= TARGET_MEDIAN_US, f"{s.median / TARGET_MEDIAN_US:.2f}x of target")]
            for name, s in samples.items()
        ],
    )
    for name, sample in samples.items():
        if sample.median > TARGET_MEDIAN_US:
            print_profile(
                f"Where the {name} spends its time (cProfile, {args.repeat} turns; "
                "profiling inflates every figure)",
                profile_rows(calls[name], calls=args.repeat, top=15),
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
