"""Malformed input to every command, as a new user would give it, through the real `botc`
command line in a subprocess: each problem is a clear one-line error (exit 2 for usage
problems), never a traceback, and a bad event never loses the conversation's state."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

_REPO = Path(__file__).parents[2]
_BALANCE = "examples/balance.bot"
_STUBS = "examples/balance.stubs.json"


@attrs.frozen
class Ran:
    code: int
    out: str
    err: str


def botc(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Ran:
    done = subprocess.run(
        [sys.executable, "-m", "botc", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=_REPO,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return Ran(done.returncode, done.stdout, done.stderr)


def _one_line_usage_error(ran: Ran) -> str:
    assert ran.code == 2, ran.err
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("botc: error: "), ran.err
    return lines[0]


def _text(message: str) -> str:
    return json.dumps({"type": "TEXT", "data": {"message": message}})


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("hello", "not JSON"),
        ("[1, 2]", "must be a JSON object, not an array"),
        ('{"type": "VIDEO"}', "unsupported event type 'VIDEO'"),
        ('{"type": "TEXT", "data": {}}', "`data.message` is required"),
        ('{"type": "TEXT", "data": {"message": 5}}', "`data.message` must be a string"),
        ('{"type": "TEXT", "data": "hi"}', "`data` must be an object"),
    ],
)
def test_run_answers_a_bad_event_line_with_an_error_line_and_keeps_the_state(
    line: str, words: str
) -> None:
    events = "\n".join([_text("balance"), line, _text("123456")]) + "\n"
    ran = botc("run", _BALANCE, "--stubs", _STUBS, stdin=events)
    assert ran.code == 0
    _question, error, last = (json.loads(text) for text in ran.out.splitlines())
    assert error["error"].startswith("line 2: ") and words in error["error"]
    said = [item["data"].get("message") for item in last["response"]]
    assert said == ["Your balance is 12.5 USD."]  # the question was still waiting


def test_run_says_when_the_stubs_run_out_and_goes_on(tmp_path: Path) -> None:
    two_outcomes = tmp_path / "stubs.json"
    two_outcomes.write_text(
        json.dumps({"Balance": [{"status": 200, "body": {"data": {}}}, {"error": "timeout"}]})
    )
    events = "\n".join([_text("balance"), _text("123456")] * 3) + "\n"
    ran = botc("run", _BALANCE, "--stubs", str(two_outcomes), stdin=events)
    errors = [json.loads(text)["error"] for text in ran.out.splitlines() if '"error"' in text]
    assert errors == [
        "line 6: no stub left for integration Balance: the stubs file gives "
        "2 outcomes and call 3 was made"
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "missing.bot"], "missing.bot: no such file"),
        (["chat", "missing.bot"], "missing.bot: no such file"),
        (["check", "missing.bot"], "missing.bot: no such file or folder"),
        (["test", "missing.bot"], "missing.bot: no such file or folder"),
        (["run", "examples"], "examples"),
        (["run", _BALANCE, "--stubs", "missing.json"], "cannot read the stubs file"),
    ],
)
def test_a_missing_path_is_a_one_line_usage_error(args: list[str], words: str) -> None:
    ran = botc(*args)
    assert words in _one_line_usage_error(ran)
    assert ran.out == ""


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"a": 1}', "not a runnable table"),
        ('{"format": "botc-table/9"}', "this runtime reads botc-table/1"),
    ],
)
def test_a_json_file_that_is_not_a_table_of_this_version_is_refused(
    tmp_path: Path, content: str, words: str
) -> None:
    path = tmp_path / "table.json"
    path.write_text(content)
    assert words in _one_line_usage_error(botc("run", str(path)))


@pytest.mark.parametrize(
    ("stubs", "words"),
    [
        ("[1]", "expected an object mapping integration names"),
        ('{"Balance": 5}', "Balance: expected a list of outcomes"),
        ('{"Nope": []}', "'Nope' is not an integration of the bot"),
        ('{"Balance": [{"status": "x"}]}', "`status` must be an HTTP status number"),
        ("{", "stubs"),
    ],
)
def test_stubs_of_the_wrong_shape_are_refused_before_the_run(
    tmp_path: Path, stubs: str, words: str
) -> None:
    path = tmp_path / "stubs.json"
    path.write_text(stubs)
    assert words in _one_line_usage_error(botc("run", _BALANCE, "--stubs", str(path)))


def test_chat_ends_cleanly_at_end_of_input_and_reports_a_missing_upload_file() -> None:
    ran = botc("chat", "examples/movies.bot", stdin="hello\n/file /no/such/file.pdf\n")
    assert ran.code == 0
    assert "! error: cannot read /no/such/file.pdf" in ran.out + ran.err


@pytest.mark.parametrize(
    ("store", "words"),
    [
        ("foo://x", "unknown store URL 'foo://x'"),
        ("sqlite:///", "names no file"),
        ("redis://127.0.0.1:1/0", "cannot reach Redis store"),
    ],
)
def test_serve_refuses_a_bad_store_url_in_one_line(store: str, words: str) -> None:
    ran = botc("serve", _BALANCE, "--store", store, env={"BOTC_TOKEN": "t"})
    assert words in _one_line_usage_error(ran)


def test_serve_refuses_a_port_in_use_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        store = f"sqlite:///{tmp_path / 'c.db'}"
        ran = botc(
            "serve", _BALANCE, "--port", str(port), "--store", store, env={"BOTC_TOKEN": "t"}
        )
    assert "Address already in use" in _one_line_usage_error(ran)


def test_serve_refuses_a_port_out_of_range_in_one_line(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'c.db'}"  # never a database in the repository
    ran = botc("serve", _BALANCE, "--port", "99999", "--store", store, env={"BOTC_TOKEN": "t"})
    assert ran.code == 2 and "Traceback" not in ran.err
    assert ran.err.rstrip().endswith("argument --port: a port is between 1 and 65535, not 99999")
    assert not (tmp_path / "c.db").exists()


def test_run_and_chat_say_a_folder_is_not_a_bot(tmp_path: Path) -> None:
    for command in ("run", "chat"):
        ran = botc(command, str(tmp_path), stdin="")
        error = _one_line_usage_error(ran)
        assert "is a folder, not a .bot file or a compiled .json table" in error


def test_run_answers_a_deeply_nested_event_line_with_an_error_line() -> None:
    ran = botc("run", _BALANCE, "--stubs", _STUBS, stdin="[" * 100_000 + "]" * 100_000 + "\n")
    assert json.loads(ran.out)["error"].startswith("line 1: ")


@pytest.mark.parametrize("option", ["--explore", "--max-turns"])
def test_a_count_that_is_not_a_number_says_so_in_the_users_words(option: str) -> None:
    ran = botc("test", option, "abc", _BALANCE)
    assert ran.code == 2
    assert f"argument {option}: expected a whole number, not 'abc'" in ran.err
    assert "_positive" not in ran.err
