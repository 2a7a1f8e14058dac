"""ScriptedPerformer and the stubs file (WIRE.md 6): outcomes in order, clear shape errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.drivers.stubs import (
    ScriptedPerformer,
    StubsError,
    StubsExhaustedError,
    load_stubs,
    parse_stubs,
)


def call(integration: str, ident: str = "e1") -> dict[str, Any]:
    return {"effect": "http", "id": ident, "integration": integration, "method": "GET"}


def test_outcomes_are_taken_in_order_per_integration() -> None:
    performer = ScriptedPerformer(
        parse_stubs(
            {
                "Balance": [{"status": 200, "body": {"balance": 1}}, {"error": "timeout"}],
                "Documents": [{"status": 201}],
            }
        )
    )
    assert performer.perform(call("Balance", "e1")) == {
        "id": "e1",
        "status": 200,
        "headers": {},
        "body": {"balance": 1},
    }
    assert performer.perform(call("Documents", "e2"))["status"] == 201
    assert performer.perform(call("Balance", "e3")) == {"id": "e3", "error": "timeout"}


def test_stub_headers_are_given_with_lowercase_names() -> None:
    performer = ScriptedPerformer(
        parse_stubs({"Balance": [{"status": 200, "headers": {"X-Trace": "t1"}}]})
    )
    assert performer.perform(call("Balance"))["headers"] == {"x-trace": "t1"}


def test_running_out_of_stubs_names_the_integration() -> None:
    performer = ScriptedPerformer(parse_stubs({"Balance": [{"status": 200}]}))
    performer.perform(call("Balance"))
    with pytest.raises(StubsExhaustedError, match="Balance") as raised:
        performer.perform(call("Balance"))
    assert "1 outcome and call 2" in str(raised.value)


def test_an_integration_without_stubs_is_an_error_naming_it() -> None:
    performer = ScriptedPerformer(parse_stubs({}))
    with pytest.raises(StubsExhaustedError, match="no outcome for integration Weather"):
        performer.perform(call("Weather"))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "expected an object mapping integration names"),
        ({"Balance": {"status": 200}}, "Balance: expected a list of outcomes"),
        ({"Balance": [7]}, r"Balance\[0\]: expected"),
        ({"Balance": [{"status": "200"}]}, r"Balance\[0\]: `status` must be an HTTP status"),
        ({"Balance": [{"status": 700}]}, "must be an HTTP status"),
        ({"Balance": [{"status": 200}, {"stat": 200}]}, r"Balance\[1\]: unknown key 'stat'"),
        ({"Balance": [{"error": ""}]}, "a failure is"),
        ({"Balance": [{"error": "timeout", "status": 200}]}, "a failure is"),
        ({"Balance": [{"status": 200, "headers": {"X": 1}}]}, "`headers` must be an object"),
    ],
)
def test_bad_stubs_shape_is_reported_with_its_place(document: object, message: str) -> None:
    with pytest.raises(StubsError, match=message):
        parse_stubs(document, source="stubs.json")


def test_stubs_file_that_is_not_json_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "stubs.json"
    path.write_text('{"Balance": [\n  {"status": 200,}\n]}')
    with pytest.raises(StubsError, match=r"stubs.json:2:\d+: the stubs file is not JSON"):
        load_stubs(path)


def test_missing_stubs_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StubsError, match="cannot read the stubs file"):
        load_stubs(tmp_path / "absent.json")


def test_stubs_file_is_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "stubs.json"
    path.write_text(json.dumps({"Balance": [{"status": 404, "body": "nope"}]}))
    performer = ScriptedPerformer(load_stubs(path))
    assert performer.perform(call("Balance"))["body"] == "nope"


outcome = st.one_of(
    st.builds(lambda s, b: {"status": s, "body": b}, st.integers(100, 599), st.integers()),
    st.builds(lambda e: {"error": e}, st.text(min_size=1, max_size=10)),
)


@given(st.lists(outcome, max_size=8))
def test_each_stub_is_used_once_in_order_then_the_stubs_run_out(
    outcomes: list[dict[str, Any]],
) -> None:
    performer = ScriptedPerformer(parse_stubs({"Balance": outcomes}))
    for index, expected in enumerate(outcomes):
        result = performer.perform(call("Balance", f"e{index}"))
        assert result["id"] == f"e{index}"
        if "error" in expected:
            assert result["error"] == expected["error"]
        else:
            assert (result["status"], result["body"]) == (expected["status"], expected["body"])
    with pytest.raises(StubsExhaustedError):
        performer.perform(call("Balance"))
