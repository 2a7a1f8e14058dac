"""The turn, compile and memory benchmarks at small sizes, for correctness only (no timing
assertions: the machine running the tests may be busy)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from benchmark_modules import load_benchmark as benchmark_module

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _load(name: str) -> ModuleType:
    return benchmark_module(name)


@pytest.fixture(scope="module")
def turns() -> ModuleType:
    return _load("turns")


@pytest.fixture(scope="module")
def compile_benchmark() -> ModuleType:
    return _load("compile")


@pytest.fixture(scope="module")
def memory() -> ModuleType:
    return _load("memory")


@pytest.fixture(scope="module")
def run_all() -> ModuleType:
    return _load("run_all")


@pytest.fixture(scope="module")
def load_benchmark() -> ModuleType:
    return _load("load")


def test_both_timed_turns_give_their_expected_answers(turns: ModuleType) -> None:
    table = turns.build_table(40)
    calls = turns.scenarios(table, 40)  # checks each answer before returning
    assert list(calls) == ["say-only turn", "ask-with-branches turn"]
    assert calls["say-only turn"]()["response"][-1]["data"]["message"] == "Anything else?"
    assert calls["ask-with-branches turn"]()["response"][0]["data"]["message"] == "Large it is."


def test_a_timed_turn_starts_from_the_same_state_every_time(turns: ModuleType) -> None:
    calls = turns.scenarios(turns.build_table(40), 40)
    answers = [calls["ask-with-branches turn"]() for _ in range(3)]
    assert answers[0] == answers[1] == answers[2]


def test_turn_timing_takes_one_sample_per_repeat(turns: ModuleType) -> None:
    samples = turns.measure(40, 25)
    assert [len(sample.times_us) for sample in samples.values()] == [25, 25]
    assert all(sample.median > 0 and sample.p99 >= sample.median for sample in samples.values())


def test_turn_table_prints_a_verdict_for_each_turn(
    turns: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert turns.main(["--dialogs", "40", "--repeat", "30"]) == 0
    printed = capsys.readouterr().out
    for name in ("say-only turn", "ask-with-branches turn"):
        line = next(row for row in printed.splitlines() if row.strip().startswith(name))
        assert "MET" in line or "MISSED" in line


def test_generated_source_reaches_the_asked_line_count(compile_benchmark: ModuleType) -> None:
    text = compile_benchmark.source_of_lines(1500)
    assert 1500 <= text.count("\n") < 1500 + 200


def test_generated_source_compiles_without_errors(compile_benchmark: ModuleType) -> None:
    from botc.compiler import compile_source

    result = compile_source(compile_benchmark.source_of_lines(600), "generated.bot")
    assert result.ok and result.table is not None


def test_the_phase_table_times_every_check_and_the_lowering(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from botc.compiler.checks.catalogue import CHECKS

    assert _load("compile_phases").main(["--lines", "300", "--runs", "1"]) == 0
    printed = capsys.readouterr().out
    for phase in ("bare Lark parse", "lower_module", *(check.__name__ for check in CHECKS)):
        assert f" {phase} " in printed
    assert "what follows the parse: " in printed


def test_check_process_phases_cover_the_whole_start_up(
    compile_benchmark: ModuleType, tmp_path: Path
) -> None:
    small = tmp_path / "small.bot"
    small.write_text(_load("bot_source").generate_bot(3), encoding="utf-8")
    env = compile_benchmark.installed_environment(tmp_path / "pycache")
    phases = compile_benchmark.check_phases_ms(small, env)
    assert phases[0][0] == "interpreter start"
    assert phases[-1][0] == "check the file"
    assert all(ms >= 0 for _, ms in phases)


def test_check_process_times_count_each_run(compile_benchmark: ModuleType, tmp_path: Path) -> None:
    env = compile_benchmark.installed_environment(tmp_path / "pycache")
    walls, cpus = compile_benchmark.process_times_ms([sys.executable, "-c", "pass"], env, 2)
    assert len(walls) == len(cpus) == 2
    assert all(wall > 0 and cpu >= 0 for wall, cpu in zip(walls, cpus, strict=True))


def test_installed_environment_writes_bytecode_outside_the_checkout(
    compile_benchmark: ModuleType, tmp_path: Path
) -> None:
    env = compile_benchmark.installed_environment(tmp_path / "pycache")
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPYCACHEPREFIX"] == str(tmp_path / "pycache")


def test_every_example_passes_its_tests_and_leaves_a_state(memory: ModuleType) -> None:
    examples = sorted(EXAMPLES.glob("*.bot"))
    assert examples
    for path in examples:
        sizes = memory.example_state_sizes(path)
        assert sizes.tests > 0 and sizes.passed == sizes.tests, sizes
        assert 0 < sizes.after_tests <= sizes.largest_seen, sizes


def test_state_bytes_counts_compact_utf8_json(memory: ModuleType) -> None:
    state = {"fields": {"name": "Zoë"}}
    assert memory.state_bytes(state) == len('{"fields":{"name":"Zoë"}}'.encode())
    assert memory.state_bytes({}) == 2


def test_table_memory_grows_with_the_dialogs(memory: ModuleType) -> None:
    small, larger = memory.table_memory(5), memory.table_memory(25)
    assert 0 < small.kept <= small.peak
    assert larger.kept > small.kept
    assert larger.json_bytes > small.json_bytes


def test_memory_tables_print_every_example(
    memory: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert memory.main(["--dialogs", "5"]) == 0
    printed = capsys.readouterr().out
    for path in EXAMPLES.glob("*.bot"):
        assert path.name in printed
    assert "kept by the loaded Table" in printed


def test_run_all_runs_the_parts_in_a_fixed_order(run_all: ModuleType) -> None:
    assert run_all.chosen_parts(None) == [
        "routing", "turns", "compile", "memory", "verify", "lsp", "load", "check-flow"
    ]
    assert run_all.chosen_parts("memory, turns") == ["turns", "memory"]


def test_run_all_refuses_an_unknown_part(run_all: ModuleType) -> None:
    with pytest.raises(SystemExit, match="unknown part"):
        run_all.chosen_parts("turns,speed")


def test_run_all_gives_every_part_quick_and_full_arguments(run_all: ModuleType) -> None:
    assert set(run_all.QUICK) == set(run_all.FULL) == set(run_all.PARTS)


def test_profile_rows_name_the_busiest_function() -> None:
    timing = _load("timing")

    def busy() -> int:
        return sum(json.dumps(list(range(200))).count(",") for _ in range(50))

    rows = timing.profile_rows(busy, calls=3, top=5)
    assert 0 < len(rows) <= 5
    assert all(len(row) == 4 for row in rows)
    assert rows == sorted(rows, key=lambda row: row[2], reverse=True)


def test_verify_benchmark_prints_a_verdict_per_example_and_for_the_generated_bot(
    capsys: pytest.CaptureFixture[str],
) -> None:
    verify = _load("verify")
    assert verify.main(["--depth", "2", "--dialogs", "20", "--budget", "1"]) == 0
    printed = capsys.readouterr().out
    for name in [path.name for path in EXAMPLES.glob("*.bot")] + ["20 dialogs"]:
        line = next(row for row in printed.splitlines() if row.strip().startswith(name))
        assert "MET" in line or "MISSED" in line


@pytest.fixture(scope="module")
def lsp_benchmark() -> ModuleType:
    return _load("lsp")


def test_lsp_benchmark_times_each_change_against_the_real_server(
    lsp_benchmark: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lsp_benchmark.main(["--lines", "60", "--changes", "4"]) == 0
    printed = capsys.readouterr().out
    for kind in ("clean", "broken"):
        row = next(line for line in printed.splitlines() if line.strip().startswith(kind))
        assert row.split()[1] == "2"  # two changes of each kind, each answered
    assert "MET" in printed or "MISSED" in printed


def test_a_synthesized_table_has_the_compiled_bots_counts(load_benchmark: ModuleType) -> None:
    load_benchmark.check_synthesis(7)  # asserts dialogs, steps, patterns, templates agree


def test_a_synthesized_table_loads_and_routes_to_its_renumbered_dialogs(
    load_benchmark: ModuleType,
) -> None:
    from botc.runtime.loading import load_table

    table = load_table(load_benchmark.synthesized_table(30))
    names = [dialog["name"] for dialog in table.dialogs]
    assert names[-1] == "topic_29" and len(set(names)) == len(names) == 32
    pattern = table.data["triggers"]["patterns"][-2]
    assert pattern["dialog"] == 31 and pattern["source"].endswith(" 29")


def test_the_load_benchmark_prints_one_row_per_size(
    load_benchmark: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert load_benchmark.main(["--dialogs", "20,40", "--runs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if line.strip()[:2] in ("20", "40")]
    assert len(rows) == 2


def test_check_flow_benchmark_times_the_corpus_and_gives_a_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    check_flow = _load("check_flow")
    assert check_flow.main(["--runs", "1", "--bots", "1"]) == 0
    printed = capsys.readouterr().out
    assert "botc check FILE as a whole process, 1 corpus bots" in printed
    assert "slowest file, CPU" in printed
