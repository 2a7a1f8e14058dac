"""Table load benchmark (issue 12 item 5).

    python benchmarks/load.py [--dialogs 1000,10000,100000] [--runs 3]

`runtime.loading.load_table` on the table of `bot_source.generate_bot(N)` for each N: CPU
seconds of this process (median of `--runs`), wall seconds, and the parts of a load —
schema validation, reference checks, templates and expressions, trigger index. Target:
a 10,000-dialog table loads in <= 1 s. The last column is the cost per 1,000 dialogs, so
a line that grows faster than linearly shows as a growing figure.

Compiling 100,000 dialogs takes minutes, so the tables are *synthesized*: the two dialog
shapes `generate_bot` writes (even and odd index) are compiled once, and each dialog is a
copy of its shape with the index in its strings and every id renumbered — the same steps,
templates, expressions and patterns per dialog as the compiled bot (the phrases of its
patterns repeat). `--check` compiles the smallest size for real and compares the counts.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from bot_source import generate_bot
from timing import cpu_seconds, print_table, verdict

from botc.compiler import compile_source
from botc.runtime import loading
from botc.runtime.matching.matcher import TriggerIndex
from botc.runtime.templates import build_environment

TARGET_SECONDS = 1.0
TARGET_DIALOGS = 10_000
JsonDict = dict[str, Any]


def synthesized_table(dialogs: int) -> JsonDict:
    """The table of `generate_bot(dialogs)`, built from its two compiled dialog shapes."""
    base = compile_source(generate_bot(2), "generated.bot").table
    assert base is not None
    head = 2  # the welcome and fallback dialogs, one step each
    table = copy.deepcopy(base)
    table["dialogs"], table["steps"] = base["dialogs"][:head], base["steps"][:head]
    table["triggers"]["patterns"] = []
    for index in range(dialogs):
        shape = head + index % 2
        _append_dialog(table, base, shape, index)
    return table


def _append_dialog(table: JsonDict, base: JsonDict, shape: int, index: int) -> None:
    dialog = copy.deepcopy(base["dialogs"][shape])
    steps = [copy.deepcopy(s) for s in base["steps"] if s["dialog"] == shape]
    patterns = [copy.deepcopy(p) for p in base["triggers"]["patterns"] if p["dialog"] == shape]
    number = re.compile(rf"(?<=[_\- ]){shape - 2}(?![0-9])")
    step_offset = len(table["steps"]) - steps[0]["id"]
    dialog_id = len(table["dialogs"])

    def renumber(value: Any) -> Any:
        if isinstance(value, str):
            return number.sub(str(index), value)
        if isinstance(value, list):
            return [renumber(item) for item in value]
        if isinstance(value, dict):
            return {key: renumber(item) for key, item in value.items()}
        return value

    def target(value: JsonDict) -> None:
        if value.get("step") is not None:
            value["step"] += step_offset
        if value.get("dialog") is not None:
            value["dialog"] = dialog_id

    dialog = renumber(dialog)
    dialog["entry"] += step_offset
    table["dialogs"].append(dialog)
    for step in steps:
        step = renumber(step)
        step["id"] += step_offset
        step["dialog"] = dialog_id
        if step["next"] is not None:
            step["next"] += step_offset
        for branch in step["branches"]:
            target(branch["target"])
        if step["op"] == "goto":
            target(step["args"]["target"])
        table["steps"].append(step)
    for pattern in patterns:
        pattern = renumber(pattern)
        pattern["dialog"] = dialog_id
        pattern["order"] = len(table["triggers"]["patterns"])
        table["triggers"]["patterns"].append(pattern)


def parts(table: JsonDict) -> dict[str, float]:
    """CPU seconds of each part of `load_table` (the same calls, one by one)."""
    env = build_environment()
    templates = dict.fromkeys(source for _, source in loading._templates(table))
    expressions = dict.fromkeys(source for _, source in loading._expressions(table))
    steps: dict[str, Callable[[], object]] = {
        "validate": lambda: loading._validate(table),
        "references": lambda: loading._check_references(table),
        "templates": lambda: [loading.template_on_use(env, s) for s in templates],
        "expressions": lambda: [loading.expression_on_use(env, s) for s in expressions],
        "triggers": lambda: TriggerIndex.build(table["triggers"]["patterns"]),
    }
    return {name: cpu_seconds(step, 1)[0] for name, step in steps.items()}


def measure(dialogs: int, runs: int) -> dict[str, Any]:
    table = synthesized_table(dialogs)
    cpu, wall = [], []
    for _ in range(runs):
        started = time.perf_counter()
        cpu += cpu_seconds(lambda: loading.load_table(table), 1)
        wall.append(time.perf_counter() - started)
    return {
        "dialogs": dialogs,
        "mb": len(json.dumps(table)) / 1e6,
        "templates": len(set(s for _, s in loading._templates(table))),
        "cpu": statistics.median(cpu),
        "wall": statistics.median(wall),
        "parts": parts(table),
    }


def check_synthesis(dialogs: int) -> None:
    """The synthesized table has the compiled one's counts of every kind of thing."""
    compiled = compile_source(generate_bot(dialogs), "generated.bot").table
    assert compiled is not None
    made = synthesized_table(dialogs)
    for key in ("dialogs", "steps"):
        assert len(made[key]) == len(compiled[key]), key
    assert len(made["triggers"]["patterns"]) == len(compiled["triggers"]["patterns"])
    for name in ("_templates", "_expressions"):
        found = getattr(loading, name)
        assert len({s for _, s in found(made)}) == len({s for _, s in found(compiled)}), name
    print(f"synthesized {dialogs} dialogs: the same counts as the compiled bot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialogs", default="1000,10000,100000", help="comma separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="compare with a real compile")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.dialogs.split(",")]
    if args.check:
        check_synthesis(min(sizes))
    rows, target_cpu = [], None
    for size in sizes:
        result = measure(size, args.runs)
        shares = " ".join(f"{k} {v:.2f}" for k, v in result["parts"].items())
        rows.append(
            [
                f"{size:,}",
                f"{result['mb']:.1f}",
                f"{result['templates']:,}",
                f"{result['cpu']:.3f}",
                f"{result['wall']:.3f}",
                f"{result['cpu'] / size * 1000:.3f}",
                shares,
            ]
        )
        if size == TARGET_DIALOGS:
            target_cpu = result["cpu"]
    print_table(
        f"load_table, median of {args.runs} (CPU seconds of this process)",
        [
            "dialogs",
            "JSON MB",
            "templates",
            "load CPU s",
            "wall s",
            "CPU s / 1k dialogs",
            "parts (CPU s)",
        ],
        rows,
    )
    if target_cpu is not None:
        detail = f"{TARGET_DIALOGS:,} dialogs load in {target_cpu:.2f} s"
        detail += f" (target <= {TARGET_SECONDS} s)"
        print(verdict(target_cpu <= TARGET_SECONDS, detail))
    return 0


if __name__ == "__main__":
    sys.exit(main())
