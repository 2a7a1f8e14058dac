"""`botc chat FILE [--stubs F]`: talk to a bot in the terminal.

A plain `input()` loop, so it works with piped stdin too (each piped line is echoed after
`you> ` so a transcript reads like a conversation). A line is sent as the consumer's
text; lines starting with `/` are commands (`/help` lists them). The conversation opens
with a START event, as a chat conversation does, so the welcome dialog greets you
(`--no-start` begins with your own first message instead, as messaging does). Without
`--stubs` integrations are called for real. Errors are shown as `! error: ...`, never a traceback.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from botc.compiler.commands.opening import (
    CommandError,
    add_stubs_argument,
    describe_failed_effect,
    open_performer,
    open_table,
    save_record,
)

if TYPE_CHECKING:
    from botc.runtime.drivers.session import Session

PROMPT: Final = "you> "
HELP: Final = """\
Type a message to send it to the bot as the consumer. Commands:
  /start [last message]  send a START event (optionally with the consumer's last message)
  /file PATH             send a file as a hosted-file event (its bytes are included)
  /state                 print the conversation state as JSON
  /save [PATH]           write the conversation so far as a test block (to PATH, or
                         the --record file) to append to the bot
  /help                  show this help
  /quit                  leave (end of input does the same)"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .bot file or a compiled .json table")
    add_stubs_argument(parser)
    parser.add_argument(
        "--no-start",
        action="store_true",
        help="do not open with a START event (the welcome dialog); wait for your first line",
    )
    parser.add_argument(
        "--record",
        metavar="FILE",
        help="when the chat ends, write it as a test block to FILE (append it to the bot)",
    )


def run(args: argparse.Namespace) -> int:
    """Chat until /quit or the end of input; 0, or 2 when the bot cannot be opened."""
    from botc.runtime.drivers.recording_session import RecordingSession

    try:
        table = open_table(args.file)
        performer = open_performer(args.stubs, table)
    except CommandError as error:
        print(f"botc: error: {error}", file=sys.stderr)
        return 2
    # every chat is recorded, so that /save works without --record too
    session = RecordingSession(table, performer)
    session.record_path = args.record
    name = table.bot.get("name") or Path(args.file).stem
    print(f"Chatting with {name}. /help lists the commands, /quit leaves.")
    interactive = sys.stdin.isatty()
    if interactive:
        import readline  # noqa: F401  (line editing and history for input())
    else:
        reconfigure = getattr(sys.stdin, "reconfigure", None)
        if reconfigure is not None:  # bytes that are not UTF-8 become U+FFFD, not a crash
            reconfigure(errors="replace")
    try:
        if not args.no_start:
            _start(session, "", sys.stdout)
        while True:
            try:
                line = input(PROMPT if interactive else "")
            except EOFError:
                break
            if not interactive:
                print(PROMPT + line)
            if not chat_line(session, line, sys.stdout):
                break
    finally:
        close = getattr(performer, "close", None)
        if close is not None:
            close()
    if args.record:
        code = save_record(session, args.record, _record_name(args.file))
        if code == 0:
            print(f"recorded the conversation as a test block in {args.record}")
        return code
    return 0


def _record_name(bot: str) -> str:
    return f"chat with {Path(bot).name}"


def chat_line(session: Session, line: str, out: TextIO) -> bool:
    """Act on one typed line, writing what the bot does to `out`; False to leave."""
    text = line.strip()
    if not text:
        return True
    if not text.startswith("/"):
        _send(session, {"type": "TEXT", "data": {"message": line.strip()}}, out)
        return True
    command, _, rest = text.partition(" ")
    if command == "/quit":
        return False
    handler = _COMMANDS.get(command)
    if handler is None:
        out.write(f"! unknown command {command}; /help lists the commands\n")
        return True
    handler(session, rest.strip(), out)
    return True


def _start(session: Session, last_message: str, out: TextIO) -> None:
    event: dict[str, Any] = {"type": "START", "data": {}}
    if last_message:
        event["context"] = {"lpEvent": {"lastConsumerMessage": last_message}}
    _send(session, event, out)


def _file(session: Session, path: str, out: TextIO) -> None:
    if not path:
        out.write("! error: /file needs a path, e.g. /file id-card.pdf\n")
        return
    try:
        content = Path(path).expanduser().read_bytes()
    except OSError as error:
        out.write(f"! error: cannot read {path}: {error.strerror or error}\n")
        return
    _send(session, hosted_file_event(Path(path).name, content), out)


def hosted_file_event(filename: str, content: bytes) -> dict[str, Any]:
    """A hosted-file event carrying the file `filename` with its bytes in base64."""
    extension = Path(filename).suffix.lstrip(".").upper()
    data: dict[str, Any] = {
        "relativePath": filename,
        "size": len(content),
        "content": base64.b64encode(content).decode("ascii"),
    }
    if extension:
        data["fileType"] = extension
    return {"type": "hosted-file", "data": data}


def _state(session: Session, _: str, out: TextIO) -> None:
    out.write(json.dumps(session.state.to_json(), indent=2, ensure_ascii=False) + "\n")


def _save(session: Session, path: str, out: TextIO) -> None:
    from botc.runtime.drivers.recording_session import RecordingSession

    target = path or (session.record_path if isinstance(session, RecordingSession) else None)
    if not isinstance(session, RecordingSession) or not target:
        out.write("! error: /save needs a path, e.g. /save greeting.test.bot\n")
        return
    source = str(session.table.data.get("source") or "bot")
    try:
        Path(target).expanduser().write_text(
            "\n" + session.test_block(_record_name(source)), encoding="utf-8"
        )
    except OSError as error:
        out.write(f"! error: cannot write {target}: {error.strerror or error}\n")
        return
    out.write(f"saved the conversation as a test block in {target}\n")


def _help(session: Session, _: str, out: TextIO) -> None:
    out.write(HELP + "\n")


def _send(session: Session, event: dict[str, Any], out: TextIO) -> None:
    from botc.runtime.drivers.performer import PerformError
    from botc.runtime.drivers.terminal import render_items
    from botc.runtime.wire.events import EventError

    try:
        turn = session.send(event)
    except (EventError, PerformError) as error:
        out.write(f"! error: {error}\n")
        return
    except Exception as error:  # a bug in botc must not end the chat with a traceback
        out.write(f"! internal error ({type(error).__name__}): {error}\n")
        return
    functions = session.table.data.get("functions") or {}
    names = {spec.get("lambda_uuid"): name for name, spec in functions.items()}
    lines = render_items(turn.items, names) or ["     (the bot sent nothing)"]
    lines.extend(
        f"! {describe_failed_effect(performed.effect, performed.error)}"
        for performed in turn.performed
        if performed.error is not None
    )
    lines.extend(f"! fault: {fault}" for fault in turn.faults)
    out.write("\n".join(lines) + "\n")
    out.flush()


_COMMANDS: dict[str, Callable[[Session, str, TextIO], None]] = {
    "/start": _start,
    "/file": _file,
    "/state": _state,
    "/save": _save,
    "/help": _help,
}
