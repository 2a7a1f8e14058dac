"""`botc test --junit-xml` and `--format json`: results CI systems and tools can read, and
a failure that shows the runtime fault behind it."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import junitparser
import pytest
import xmlschema

from botc.compiler.cli import main
from botc.compiler.commands.test import progress_line

SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("junit.xsd"))

BOT = """\
dialog hello
    user says "hi"
    say "Hello {{ nobody }}"

dialog order
    user says "order"
    ask size "Which size?"
        when answer == "large" -> done
    done: say "Done."

test "greets"
    user "hi"
    bot "Hello you"

test "orders"
    user "order"
    bot "Which size?"
    user "large"
    bot "Done."
"""


def _botc_test(tmp_path: Path, *args: str, source: str = BOT) -> tuple[int, str, str]:
    bot = tmp_path / "shop.bot"
    bot.write_text(source, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["test", str(bot), *args])
    return code, out.getvalue(), err.getvalue()


def test_junit_xml_is_valid_against_the_junit_schema(tmp_path: Path) -> None:
    report = tmp_path / "results.xml"
    code, _, _ = _botc_test(tmp_path, "--junit-xml", str(report))
    assert code == 1
    SCHEMA.validate(str(report))


def test_a_junit_parser_reads_one_case_per_test_block_with_its_file_and_line(
    tmp_path: Path,
) -> None:
    report = tmp_path / "results.xml"
    _botc_test(tmp_path, "--junit-xml", str(report))
    [suite] = list(junitparser.JUnitXml.fromfile(str(report)))
    cases = {case.name: case for case in suite}
    assert set(cases) == {"greets", "orders"}
    assert cases["greets"].classname.endswith("shop.bot")
    assert cases["greets"]._elem.get("line") == "11"
    assert cases["orders"].is_passed
    [failure] = cases["greets"].result
    assert isinstance(failure, junitparser.Failure)
    assert "expected: bot \"Hello you\"" in failure.text


def test_an_exploration_finding_is_a_junit_case_too(tmp_path: Path) -> None:
    report = tmp_path / "results.xml"
    _botc_test(tmp_path, "--explore", "30", "--seed", "1", "--junit-xml", str(report))
    SCHEMA.validate(str(report))
    [suite] = list(junitparser.JUnitXml.fromfile(str(report)))
    explored = [case for case in suite if case.name.startswith("explore")]
    assert explored and any(not case.is_passed for case in explored)
    assert all("test \"explore:" in case.result[0].text for case in explored if case.result)


SILENT = """\
dialog remember
    user says "remember *"
    set note = star[0]

dialog fallback
    on fallback
    say "Sorry."
"""


def test_an_exploration_finding_points_at_the_last_step_its_broken_turn_ran(
    tmp_path: Path,
) -> None:
    report = tmp_path / "results.xml"
    _, out, _ = _botc_test(
        tmp_path, "--explore", "50", "--seed", "1", "--junit-xml", str(report), source=SILENT
    )
    [suite] = list(junitparser.JUnitXml.fromfile(str(report)))
    [silent] = [case for case in suite if case.name == "explore: no silent turn"]
    assert silent._elem.get("line") == "3"  # the `set` after which the turn said nothing
    assert "shop.bot:3: invariant broken: no silent turn" in out


LOOPING = """\
dialog agent
    user says "agent"
    escalate to skill 42 "Connecting you."

dialog retry
    user says "__agent_escalation_failed__"
    escalate to skill 42 silently
"""


def test_a_finding_whose_turn_ran_no_step_points_at_the_last_step_an_earlier_turn_ran(
    tmp_path: Path,
) -> None:
    _, out, _ = _botc_test(tmp_path, "--explore", "60", "--seed", "3", source=LOOPING)
    assert "shop.bot:7: invariant broken: no escalation loop" in out  # the retried transfer


def test_a_file_that_does_not_compile_is_a_junit_error(tmp_path: Path) -> None:
    report = tmp_path / "results.xml"
    code, _, _ = _botc_test(tmp_path, "--junit-xml", str(report), source="dialog\n")
    assert code == 2
    SCHEMA.validate(str(report))
    [suite] = list(junitparser.JUnitXml.fromfile(str(report)))
    [case] = list(suite)
    assert isinstance(case.result[0], junitparser.Error)


def test_an_unwritable_junit_file_is_one_error_line(tmp_path: Path) -> None:
    code, _, err = _botc_test(tmp_path, "--junit-xml", str(tmp_path / "no" / "such" / "r.xml"))
    assert code == 2
    assert err.startswith("botc: error: cannot write ")


def test_format_json_prints_one_document_with_every_case_and_the_counts(tmp_path: Path) -> None:
    code, out, _ = _botc_test(tmp_path, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert (report["passed"], report["failed"], report["errors"]) == (1, 1, 0)
    assert [(case["name"], case["outcome"]) for case in report["cases"]] == [
        ("greets", "failed"),
        ("orders", "passed"),
    ]


def test_a_failing_test_shows_the_runtime_fault_behind_the_answer(tmp_path: Path) -> None:
    _, out, _ = _botc_test(tmp_path)
    assert "runtime fault: " in out
    [fault] = [line for line in out.splitlines() if "runtime fault" in line]
    assert fault.strip().startswith(f"runtime fault: {tmp_path / 'shop.bot'}:3: ")
    assert "nobody" in fault and "(dialog hello)" in fault


def test_expected_and_actual_are_green_and_red_on_a_terminal(tmp_path: Path) -> None:
    from botc.compiler import compile_source
    from botc.runtime.testing.report import failure_text
    from botc.runtime.testing.runner import run_tests

    table = compile_source(BOT, "shop.bot").table
    assert table is not None
    failed = next(result for result in run_tests(table) if not result.passed)
    coloured = failure_text(failed, colour=True)
    assert "expected: \x1b[32mbot \"Hello you\"\x1b[0m" in coloured
    assert "actual:   \x1b[31m" in coloured
    assert "\x1b[" not in failure_text(failed)


@pytest.mark.parametrize(
    ("tried", "elapsed", "shown"),
    [(50, 5.0, "50/200 conversations, about 15s left"), (200, 9.0, "200 conversations tried")],
)
def test_the_exploration_progress_shows_the_total_and_the_time_left(
    tried: int, elapsed: float, shown: str
) -> None:
    assert shown in progress_line("shop.bot", tried, 200, elapsed)
