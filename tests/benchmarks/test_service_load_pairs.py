"""How `benchmarks/service_load.py` reports Redis with 2 workers against 1: the median
of alternated pairs, and the most the machine allows when the client and redis-server
share its cores."""

from __future__ import annotations

import pytest
from benchmark_modules import load_benchmark

service_load = load_benchmark("service_load")


def figures(turns: int, server: float, client: float, redis: float) -> object:
    """Figures of a 1-second closed loop: `turns` answered, CPU shares in cores."""
    return service_load.Figures(
        turns=turns,
        seconds=1.0,
        p50_ms=1.0,
        p99_ms=2.0,
        client_cpu=client,
        server_cpu=server,
        store_cpu=redis,
    )


def test_the_bound_is_what_the_cores_left_by_client_and_redis_serve_at_the_measured_cost() -> None:
    one = figures(5_000, server=1.0, client=0.05, redis=0.05)  # 200 µs per turn
    two = figures(9_000, server=1.8, client=0.09, redis=0.09)  # 200 + 20 µs per turn
    bound = service_load.two_workers_bound(one, two, cores=2)
    assert bound == pytest.approx(2 / 220e-6 / 5_000)  # 1.82


def test_the_pairs_report_each_ratio_their_median_and_the_bound(
    capsys: pytest.CaptureFixture[str],
) -> None:
    one = figures(5_000, server=1.0, client=0.05, redis=0.05)
    pairs = [
        (one, figures(9_000, server=1.8, client=0.09, redis=0.09)),
        (one, figures(8_000, server=1.6, client=0.08, redis=0.08)),
        (one, figures(9_500, server=1.9, client=0.05, redis=0.05)),
    ]
    service_load.print_pairs(pairs)
    printed = capsys.readouterr().out
    assert "5000 -> 9000 (1.80x), 5000 -> 8000 (1.60x), 5000 -> 9500 (1.90x)" in printed
    assert "median 1.80x the turns/s (min 1.60x, max 1.90x)" in printed
