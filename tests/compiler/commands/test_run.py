"""`botc run` as a subprocess: one output line per event line (WIRE.md 6)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any
from unittest import mock

from httpstub import HttpStub

from botc.compiler import compile_source
from botc.compiler.cli import main

BOT = """\
bot "Acme"

integration Balance
    api GET "{base}/accounts/{{{{ account }}}}/balance"
    header "Authorization" "Bearer {{{{ secret.ACME_TOKEN }}}}"
    store balance = response.body.balance

dialog greeting
    on start
    say "Hi!"

dialog balance
    user says "balance"
    intent "check-balance" "Check account balance"
    ask account "Account?"
    call Balance
        on success -> show
        on failure -> sorry
    show: say "Your balance is {{{{ Balance.balance }}}}."
    end
    sorry: say "The bank is down."
    escalate to skill 1234
"""

START = {"type": "START", "data": {}}


def text(message: str) -> dict[str, Any]:
    return {"type": "TEXT", "data": {"message": message}}


def write_bot(folder: Path, base: str = "http://127.0.0.1:9") -> Path:
    path = folder / "acme.bot"
    path.write_text(BOT.format(base=base))
    return path


def write_json(folder: Path, name: str, value: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(value))
    return path


def stdin_text(lines: list[Any]) -> str:
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)


def botc_run_subprocess(*args: str | Path, lines: list[Any]) -> subprocess.CompletedProcess[str]:
    """`botc run` as its own process, stdin piped."""
    return subprocess.run(
        [sys.executable, "-m", "botc", "run", *map(str, args)],
        input=stdin_text(lines),
        capture_output=True,
        text=True,
        timeout=60,
    )


def botc_run(
    *args: str | Path, lines: list[Any], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`botc run` in this process with stdin, stdout and stderr swapped for strings
    (the same code path as the subprocess, without paying the start-up each time)."""
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, env or {}),
        mock.patch.object(sys, "stdin", io.StringIO(stdin_text(lines))),
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        code = main(["run", *map(str, args)])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def output_lines(process: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in process.stdout.splitlines()]


def messages(response: dict[str, Any]) -> list[str]:
    return [item["data"]["message"] for item in response["response"] if item["type"] == "TEXT"]


def test_each_event_line_gets_one_response_line(tmp_path: Path) -> None:
    stubs = write_json(
        tmp_path, "stubs.json", {"Balance": [{"status": 200, "body": {"balance": 3}}]}
    )
    process = botc_run_subprocess(
        write_bot(tmp_path), "--stubs", stubs, lines=[START, text("balance"), text("123456")]
    )
    assert process.returncode == 0, process.stderr
    responses = output_lines(process)
    assert [messages(r) for r in responses] == [["Hi!"], ["Account?"], ["Your balance is 3."]]
    assert responses[2]["analytics"]["intents"][0]["id"] == "check-balance"


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    process = botc_run(write_bot(tmp_path), lines=["", START, "   ", START])
    assert len(output_lines(process)) == 2


def test_a_line_that_is_not_json_gives_an_error_line_and_the_run_goes_on(tmp_path: Path) -> None:
    process = botc_run(write_bot(tmp_path), lines=["{not json", START])
    first, second = output_lines(process)
    assert first["error"].startswith("line 1: not JSON")
    assert messages(second) == ["Hi!"]
    assert process.returncode == 0


def test_a_bad_json_line_is_reported_at_its_column_on_that_line(tmp_path: Path) -> None:
    process = botc_run(write_bot(tmp_path), lines=['{"type": "TEXT",'])
    [error] = output_lines(process)
    assert error["error"].endswith("(line 1 column 17)")


def test_an_unsupported_event_gives_an_error_line_naming_the_supported_types(
    tmp_path: Path,
) -> None:
    process = botc_run(write_bot(tmp_path), lines=[{"type": "PING"}, [1, 2], START])
    unsupported, not_object, start = output_lines(process)
    assert "line 1" in unsupported["error"] and "TEXT" in unsupported["error"]
    assert not_object["error"] == "line 2: an event must be a JSON object, not an array"
    assert messages(start) == ["Hi!"]
    assert "Traceback" not in process.stderr


def test_the_functions_format_gives_messages_and_context(tmp_path: Path) -> None:
    stubs = write_json(tmp_path, "stubs.json", {"Balance": [{"error": "timeout"}]})
    process = botc_run(
        write_bot(tmp_path),
        "--stubs",
        stubs,
        "--format",
        "functions",
        lines=[text("balance"), text("123456")],
    )
    _, failed = output_lines(process)
    assert failed["messages"][0] == "The bank is down."
    assert failed["context"]["action"] == "TRANSFER"


def test_running_out_of_stubs_is_an_error_line_naming_the_integration(tmp_path: Path) -> None:
    stubs = write_json(tmp_path, "stubs.json", {"Balance": []})
    process = botc_run(
        write_bot(tmp_path), "--stubs", stubs, lines=[text("balance"), text("123456"), START]
    )
    _, exhausted, start = output_lines(process)
    assert "Balance" in exhausted["error"]
    assert messages(start) == ["Hi!"]
    assert "Traceback" not in process.stderr


def test_without_stubs_the_integrations_are_called_for_real(tmp_path: Path) -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/accounts/123456/balance", json={"balance": 99})
        process = botc_run(
            write_bot(tmp_path, stub.url("")),
            lines=[text("balance"), text("123456")],
            env={"ACME_TOKEN": "t0k"},
        )
    assert messages(output_lines(process)[1]) == ["Your balance is 99."]
    assert stub.requests[0].headers["authorization"] == "Bearer t0k"


def test_a_compiled_table_runs_like_its_bot(tmp_path: Path) -> None:
    result = compile_source(BOT.format(base="http://127.0.0.1:9"), "acme.bot")
    table = write_json(tmp_path, "acme.json", result.table)
    process = botc_run(table, lines=[START])
    assert messages(output_lines(process)[0]) == ["Hi!"]


def test_a_bot_that_does_not_compile_prints_its_diagnostics_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bot"
    bad.write_text('dialog d\n    user says "x"\n    goto nowhere\n')
    process = botc_run_subprocess(bad, lines=[START])
    assert process.returncode == 2
    assert "bad.bot:3:" in process.stderr
    assert process.stdout == ""
    assert "Traceback" not in process.stderr


def test_a_missing_bot_file_is_a_clear_error_with_exit_2(tmp_path: Path) -> None:
    process = botc_run_subprocess(tmp_path / "absent.bot", lines=[START])
    assert process.returncode == 2
    assert process.stderr.strip() == f"botc: error: {tmp_path / 'absent.bot'}: no such file"


def test_a_bad_stubs_file_is_a_clear_error_with_exit_2(tmp_path: Path) -> None:
    stubs = write_json(tmp_path, "stubs.json", {"Balance": [{"status": "ok"}]})
    process = botc_run(write_bot(tmp_path), "--stubs", stubs, lines=[START])
    assert process.returncode == 2
    assert "Balance[0]" in process.stderr and "Traceback" not in process.stderr


def test_stubs_for_an_integration_the_bot_lacks_are_refused(tmp_path: Path) -> None:
    stubs = write_json(tmp_path, "stubs.json", {"Balanse": [{"status": 200}]})
    process = botc_run(write_bot(tmp_path), "--stubs", stubs, lines=[START])
    assert process.returncode == 2
    assert "'Balanse' is not an integration of the bot (its integrations: Balance)" in (
        process.stderr
    )


def test_a_runtime_fault_is_logged_on_stderr_with_its_file_and_line(tmp_path: Path) -> None:
    bot = tmp_path / "faulty.bot"
    bot.write_text('dialog d\n    user says "x"\n    say "{{ nope }}"\n')
    process = botc_run(bot, lines=[text("x")])
    [response] = output_lines(process)
    assert messages(response) == ["Sorry, something went wrong. Please try again later."]
    assert f"botc: fault: {bot}:3: " in process.stderr
    assert "(dialog d)" in process.stderr


def test_a_call_that_got_no_reply_is_logged_on_stderr(tmp_path: Path) -> None:
    stubs = write_json(tmp_path, "stubs.json", {"Balance": [{"error": "timeout"}]})
    process = botc_run(write_bot(tmp_path), "--stubs", stubs, lines=[text("balance"), text("1")])
    assert "botc: call of Balance (e1) got no reply: timeout" in process.stderr


SIGNAL_BOT = 'dialog d\n    user says "x"\n    signal {"a": 1}\n'


def test_functions_format_refuses_a_bot_with_a_step_it_cannot_carry(tmp_path: Path) -> None:
    bot = tmp_path / "signal.bot"
    bot.write_text(SIGNAL_BOT)
    process = botc_run(bot, "--format", "functions", lines=[text("x")])
    assert process.returncode == 2
    assert "signal.bot:3:" in process.stderr
    assert process.stdout == ""


def test_functions_format_refuses_a_compiled_table_it_cannot_carry(tmp_path: Path) -> None:
    result = compile_source(SIGNAL_BOT, "signal.bot")
    table = write_json(tmp_path, "signal.json", result.table)
    process = botc_run(table, "--format", "functions", lines=[text("x")])
    assert process.returncode == 2
    assert process.stderr.startswith("botc: error: ")
    assert "functions" in process.stderr and "Traceback" not in process.stderr


def test_input_bytes_that_are_not_utf8_do_not_stop_the_run(tmp_path: Path) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "botc", "run", str(write_bot(tmp_path))],
        input=b'{"type": "TEXT", "data": {"message": "caf\xe9"}}\n\xff\xfe\n'
        + json.dumps(START).encode()
        + b"\n",
        capture_output=True,
        timeout=60,
    )
    understood, garbage, start = [json.loads(line) for line in process.stdout.splitlines()]
    assert "response" in understood
    assert "not JSON" in garbage["error"]
    assert messages(start) == ["Hi!"]


def test_an_integer_too_long_to_convert_gives_an_error_line_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    huge = '{"type": "TEXT", "data": {"message": "hi"}, "context": {"n": ' + "7" * 5000 + "}}"
    process = botc_run(write_bot(tmp_path), lines=[huge, START])
    first, second = output_lines(process)
    assert first["error"] == "line 1: not JSON: a number has more than 4300 digits"
    assert messages(second) == ["Hi!"]


def test_a_control_character_answered_into_a_url_reaches_the_api_percent_encoded(
    tmp_path: Path,
) -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/accounts/12%0A34/balance", json={"balance": 5})
        process = botc_run(
            write_bot(tmp_path, stub.url("")),
            lines=[text("balance"), text("12\n34")],
            env={"ACME_TOKEN": "t0k"},
        )
    assert messages(output_lines(process)[1]) == ["Your balance is 5."]
    assert stub.requests[0].path == "/accounts/12%0A34/balance"


def test_a_control_character_answered_into_a_url_port_is_a_failed_call(tmp_path: Path) -> None:
    bot = tmp_path / "port.bot"
    bot.write_text(BOT.format(base="http://127.0.0.1:{{ account }}"))
    process = botc_run(bot, lines=[text("balance"), text("80\x00")], env={"ACME_TOKEN": "t0k"})
    reply = output_lines(process)[1]
    assert messages(reply)[0] == "The bank is down."
    assert "got no reply: invalid url" in process.stderr, process.stderr
