"""`botc chat` driven through piped stdin, as a subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

from httpstub import HttpStub

from botc.compiler.cli import main

BOT = """\
bot "Pizza Place"

integration Menu
    api GET "http://127.0.0.1:9/menu"
    store special = response.body.special

integration Documents
    file POST "{base}/documents"

function recommend "4f9c233a-e7e6-4af3-b680-59ba20ab8962"

dialog welcome
    on start
    say "Welcome!"

dialog order
    user says "order", "* pizza *"
    ask size "Which size?"
        quick replies "Small", "Large"
    say to agents "Customer wants a {{{{ size }}}} pizza."
    pause 2s
    say "A {{{{ size }}}} pizza it is."
    escalate to skill 1234 "Connecting you."

dialog special
    user says "special"
    call Menu
        on success -> show
    show: say "Today: {{{{ Menu.special }}}}."

dialog suggest
    user says "suggest"
    invoke recommend

dialog photo
    user says "photo"
    upload "Send a photo of your receipt."
        accept png, pdf
    call Documents
"""


def write_bot(folder: Path, base: str = "http://127.0.0.1:9") -> Path:
    path = folder / "pizza.bot"
    path.write_text(BOT.format(base=base))
    return path


def chat_subprocess(bot: Path, *lines: str) -> subprocess.CompletedProcess[str]:
    """`botc chat` as its own process, its input piped."""
    return subprocess.run(
        [sys.executable, "-m", "botc", "chat", str(bot)],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=60,
    )


def chat(
    bot: Path, *lines: str, stubs: Path | None = None, start: bool = False
) -> subprocess.CompletedProcess[str]:
    """`botc chat` in this process, reading `lines` as piped input (fast: no start-up);
    without the opening START unless `start`."""
    extra = ["--stubs", str(stubs)] if stubs else []
    extra += [] if start else ["--no-start"]
    out, err = io.StringIO(), io.StringIO()
    piped = io.StringIO("".join(line + "\n" for line in lines))
    with mock.patch.object(sys, "stdin", piped), redirect_stdout(out), redirect_stderr(err):
        code = main(["chat", str(bot), *extra])
    return subprocess.CompletedProcess(["botc", "chat"], code, out.getvalue(), err.getvalue())


def test_typed_lines_get_the_bot_texts_quick_replies_pauses_and_actions(tmp_path: Path) -> None:
    process = chat_subprocess(write_bot(tmp_path), "order", "Large")
    assert process.returncode == 0, process.stderr
    lines = process.stdout.splitlines()
    assert lines[0] == "Chatting with Pizza Place. /help lists the commands, /quit leaves."
    assert lines[1:] == [
        "bot: Welcome!",
        "you> order",
        "bot: Which size?",
        "     [Small] [Large]",
        "you> Large",
        "bot: [to agents] Customer wants a Large pizza.",
        "     (pause 2s, typing)",
        "bot: A Large pizza it is.",
        "bot: Connecting you.",
        "→ TRANSFER to skill 1234",
    ]


def test_the_chat_opens_with_the_welcome_dialog(tmp_path: Path) -> None:
    process = chat(write_bot(tmp_path), start=True)
    assert process.stdout.splitlines()[1:] == ["bot: Welcome!"]


def test_no_start_waits_for_the_first_line(tmp_path: Path) -> None:
    process = chat(write_bot(tmp_path), start=False)
    assert process.stdout.splitlines()[1:] == []


def test_start_sends_a_start_event(tmp_path: Path) -> None:
    process = chat(write_bot(tmp_path), "/start")
    assert "bot: Welcome!" in process.stdout.splitlines()


def test_start_with_a_last_message_routes_that_message(tmp_path: Path) -> None:
    process = chat(write_bot(tmp_path), "/start I want a pizza please")
    assert "bot: Which size?" in process.stdout.splitlines()


def test_invoke_is_shown_with_the_function_name(tmp_path: Path) -> None:
    process = chat(write_bot(tmp_path), "suggest")
    assert "→ INVOKE_FUNCTION recommend" in process.stdout.splitlines()


def test_state_prints_the_conversation_state_as_json(tmp_path: Path) -> None:
    process = chat(write_bot(tmp_path), "order", "Small", "/state", "/quit")
    text = process.stdout
    state = json.loads(
        text[text.index("you> /state") + len("you> /state") : text.index("you> /quit")]
    )
    assert state["fields"]["size"] == "Small"


def test_help_lists_the_commands(tmp_path: Path) -> None:
    process = chat(write_bot(tmp_path), "/help")
    for command in ("/start", "/file", "/state", "/help", "/quit"):
        assert command in process.stdout


def test_quit_stops_reading_input(tmp_path: Path) -> None:
    process = chat(write_bot(tmp_path), "/quit", "/start")
    assert "Welcome!" not in process.stdout
    assert process.returncode == 0


def test_an_unknown_command_is_explained(tmp_path: Path) -> None:
    process = chat(write_bot(tmp_path), "/frobnicate")
    assert "! unknown command /frobnicate; /help lists the commands" in process.stdout


def test_file_sends_the_file_bytes_to_the_file_integration(tmp_path: Path) -> None:
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(b"\x89PNG\r\n\x1a\nreceipt")
    with HttpStub() as stub:
        stub.reply("POST", "/documents", status=201)
        process = chat_subprocess(write_bot(tmp_path, stub.url("")), "photo", f"/file {receipt}")
    [part] = stub.requests_to("/documents")[0].multipart()
    assert (part.filename, part.content_type, part.content) == (
        "receipt.png",
        "image/png",
        receipt.read_bytes(),
    )
    assert "bot: Successfully processed the file." in process.stdout.splitlines()


def test_file_with_a_missing_path_shows_an_error(tmp_path: Path) -> None:
    process = chat(write_bot(tmp_path), "photo", f"/file {tmp_path / 'nope.png'}")
    assert "! error: cannot read" in process.stdout
    assert "Traceback" not in process.stdout + process.stderr


def test_stubs_are_used_and_running_out_is_shown_not_raised(tmp_path: Path) -> None:
    stubs = tmp_path / "stubs.json"
    stubs.write_text(json.dumps({"Menu": [{"status": 200, "body": {"special": "Funghi"}}]}))
    process = chat(write_bot(tmp_path), "special", "special", stubs=stubs)
    lines = process.stdout.splitlines()
    assert "bot: Today: Funghi." in lines
    assert any(line.startswith("! error: ") and "Menu" in line for line in lines)
    assert "Traceback" not in process.stdout + process.stderr


def test_a_bot_that_does_not_compile_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bot"
    bad.write_text("dialog\n")
    process = chat(bad, "hello")
    assert process.returncode == 2
    assert "bad.bot:" in process.stderr and "Traceback" not in process.stderr


def test_a_call_that_got_no_reply_is_shown(tmp_path: Path) -> None:
    stubs = tmp_path / "stubs.json"
    stubs.write_text(json.dumps({"Menu": [{"error": "connection refused"}]}))
    process = chat(write_bot(tmp_path), "special", stubs=stubs)
    assert "! call of Menu (e1) got no reply: connection refused" in process.stdout.splitlines()
