"""`botc run BOT [--stubs STUBS.json] [--format ...] < events.jsonl` (WIRE.md 6).

Each non-blank input line is one incoming event; each gets exactly one output line: the
turn's whole response, or `{"error": "..."}` when the line is not a valid event or the
turn could not complete (the run goes on). Runtime faults are logged on stderr. A `.bot`
that does not compile prints its diagnostics on stderr and exits 2, as does a missing
file or a bad stubs file. Opening the bot and the performer is `compiler/commands/opening.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from botc.compiler.commands.opening import (
    CommandError,
    add_stubs_argument,
    describe_failed_effect,
    open_performer,
    open_table,
    save_record,
)

if TYPE_CHECKING:  # the runtime is imported only when a command runs (docs/INTERNALS.md)
    from botc.runtime.drivers.session import Session

_FORMATS = ("custom-endpoint", "functions")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bot", metavar="BOT", help="a .bot file or a compiled .json table")
    add_stubs_argument(parser)
    parser.add_argument(
        "--format",
        choices=_FORMATS,
        default="custom-endpoint",
        help="the response shape (default: custom-endpoint)",
    )
    parser.add_argument(
        "--record",
        metavar="FILE",
        help="write the conversation as a test block to FILE (append it to the bot)",
    )
    add_message_limit(parser)


def add_message_limit(parser: argparse.ArgumentParser) -> None:
    """`--max-message-chars N`: the longest consumer text the bot reads (docs/SECURITY.md)."""
    from botc.runtime.limits import MAX_MESSAGE_CHARS

    parser.add_argument(
        "--max-message-chars",
        type=_positive,
        default=MAX_MESSAGE_CHARS,
        metavar="N",
        help="consumer texts longer than N characters are cut to N, with a logged fault "
        f"(default: {MAX_MESSAGE_CHARS})",
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def run(args: argparse.Namespace) -> int:
    """Answer every event line of stdin on stdout; 0, or 2 when the run cannot start."""
    from botc.runtime.drivers.recording_session import RecordingSession
    from botc.runtime.drivers.session import Session
    from botc.runtime.wire.functions import FunctionsFormatError

    try:
        table = open_table(args.bot, target=args.format, max_message_chars=args.max_message_chars)
        performer = open_performer(args.stubs, table)
        kind = RecordingSession if args.record else Session
        session = kind(table, performer, format=args.format)
    except (CommandError, FunctionsFormatError) as error:
        print(f"botc: error: {error}", file=sys.stderr)
        return 2
    try:
        answer_lines(session, _lines(sys.stdin), sys.stdout, sys.stderr)
    except BrokenPipeError:
        # the reader went away (`botc run ... | head -1`): stop quietly, as other tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        close = getattr(performer, "close", None)
        if close is not None:
            close()
    if isinstance(session, RecordingSession):
        return save_record(session, args.record, f"recorded from {args.bot}")
    return 0


def answer_lines(session: Session, lines: Iterable[str], out: TextIO, log: TextIO) -> None:
    """Write one response line to `out` per non-blank line of `lines`; faults go to `log`."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        response = answer_line(session, line, number, log)
        out.write(json.dumps(response, ensure_ascii=False) + "\n")
        out.flush()


def answer_line(session: Session, line: str, number: int, log: TextIO) -> dict[str, Any]:
    """The response to the event on input line `number`, or `{"error": ...}` saying why not."""
    from botc.runtime.drivers.performer import PerformError
    from botc.runtime.wire.events import EventError
    from botc.runtime.wire.json_text import JsonTextError, read_json

    try:
        # without its line break, so a column counts along the line the user wrote
        event = read_json(line.rstrip("\r\n"))
    except JsonTextError as error:
        return {"error": f"line {number}: not JSON: {error}"}
    try:
        turn = session.send(event)
    except EventError as error:
        return {"error": f"line {number}: {error}"}
    except PerformError as error:
        return {"error": f"line {number}: {error}"}
    except Exception as error:  # a bug in botc must not end the run nor show a traceback
        return {"error": f"line {number}: internal error ({type(error).__name__}): {error}"}
    for performed in turn.performed:
        if performed.error is not None:
            log.write(f"botc: {describe_failed_effect(performed.effect, performed.error)}\n")
    for fault in turn.faults:
        log.write(f"botc: fault: {fault}\n")
    return turn.response


def _lines(stream: TextIO) -> Iterable[str]:
    # bytes that are not UTF-8 become an error line for that line, not a crash of the run
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    return stream
