"""The routing benchmark at a small size, for correctness only (no timing assertions)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def routing() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import routing as module
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module


@pytest.fixture
def peers() -> None:
    """RiveScript and python-aiml, the optional extra `bench`: a run needs them."""
    for module in ("rivescript", "aiml"):
        pytest.importorskip(module, reason="the routing peers are the optional extra `bench`")


@pytest.mark.usefixtures("peers")
def test_every_engine_answers_every_generated_query_as_expected(
    routing: ModuleType, tmp_path: Path
) -> None:
    results = routing.run_size(200, 300, 1, 60.0, tmp_path)
    assert [row.engine for row in results] == ["botc", "RiveScript", "AIML"]
    assert [(row.wrong, row.timed) for row in results] == [(0, 300)] * 3


def test_generated_queries_mix_exact_wildcard_and_misses(routing: ModuleType) -> None:
    queries = routing.generate_queries(routing.generate_rules(100), 1000)
    kinds = [query.kind for query in queries]
    assert (kinds.count("exact"), kinds.count("wildcard"), kinds.count("miss")) == (400, 400, 200)
    assert all((query.expected is None) == (query.kind == "miss") for query in queries)


def test_generated_rules_mix_exact_one_star_and_two_stars(routing: ModuleType) -> None:
    stars = [rule.stars for rule in routing.generate_rules(1000)]
    assert (stars.count(0), stars.count(1), stars.count(2)) == (500, 400, 100)


@pytest.mark.usefixtures("peers")
def test_quick_run_prints_the_table_and_the_targets(
    routing: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert routing.main(["--sizes", "100", "--queries", "100", "--rounds", "1"]) == 0
    printed = capsys.readouterr().out
    assert "100 patterns" in printed
    assert "faster than AIML" in printed
    assert "botc answers every query as expected: met" in printed
