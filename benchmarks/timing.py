"""Timing and table printing shared by the turn, compile and memory benchmarks."""

from __future__ import annotations

import cProfile
import gc
import pstats
import statistics
import time
from collections.abc import Callable, Sequence

import attrs


@attrs.frozen
class Sample:
    """Per-call times of one measured thing, in microseconds."""

    times_us: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.times_us)

    @property
    def p99(self) -> float:
        ordered = sorted(self.times_us)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def time_calls(call: Callable[[], object], *, repeat: int, warmup: int = 20) -> Sample:
    """Run `call` `warmup` times untimed, then `repeat` times, timing each call alone."""
    for _ in range(warmup):
        call()
    gc.collect()
    gc.disable()
    try:
        times = []
        clock = time.perf_counter_ns
        for _ in range(repeat):
            started = clock()
            call()
            times.append((clock() - started) / 1000)
    finally:
        gc.enable()
    return Sample(tuple(times))


def cpu_seconds(action: Callable[[], object], runs: int) -> list[float]:
    """CPU seconds of this process for each of `runs` calls of `action` (other processes
    on a busy machine inflate wall time, not this)."""
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.process_time()
        action()
        times.append(time.process_time() - started)
    return times


def profile_rows(
    action: Callable[[], object], *, calls: int = 1, top: int = 12
) -> list[list[object]]:
    """The `top` functions by own CPU time over `calls` calls of `action` under cProfile:
    [function, calls, own ms, cumulative ms] per row."""
    profiler = cProfile.Profile(time.process_time)  # CPU time: other processes do not count
    profiler.enable()
    for _ in range(calls):
        action()
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    ranked = sorted(stats.items(), key=lambda entry: entry[1][2], reverse=True)[:top]
    return [
        [_where(where), count, own * 1000, total * 1000]
        for where, (_, count, own, total, _) in ranked
    ]


def _where(where: tuple[str, int, str]) -> str:
    filename, line, name = where
    if filename == "~":  # a built-in
        return name
    parts = filename.replace("\\", "/").split("/")
    short = "/".join(parts[-2:]) if "site-packages" not in filename else parts[-1]
    return f"{short}:{line} {name}"


def print_profile(title: str, rows: Sequence[Sequence[object]]) -> None:
    """The rows of `profile_rows` as a table."""
    print_table(title, ["function", "calls", "own ms", "cumulative ms"], rows)


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain text table with right-aligned columns."""
    cells = [list(map(str, header))] + [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}")
    rule = "  ".join("-" * width for width in widths)
    for index, row in enumerate(cells):
        print("  ".join(value.rjust(width) for value, width in zip(row, widths, strict=True)))
        if index == 0:
            print(rule)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def verdict(met: bool, detail: str) -> str:
    return f"{'MET   ' if met else 'MISSED'} {detail}"
