"""`botc run BOT [--stubs STUBS.json] [--format ...] < events.jsonl` (WIRE.md 6).

Each non-blank input line is one incoming event; each gets exactly one output line: the
turn's whole response, or `{"error": "..."}` when the line is not a valid event or the
turn could not complete (the run goes on). Runtime faults are logged on stderr. A `.bot`
that does not compile prints its diagnostics on stderr and exits 2, as does a missing
file or a bad stubs file. Also home of the set-up `botc chat` shares: opening the bot
and choosing the performer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # the runtime is imported only when a command runs (docs/INTERNALS.md)
    from runtime.drivers.performer import Performer
    from runtime.drivers.recording_session import RecordingSession
    from runtime.drivers.session import Session
    from runtime.faults import Fault
    from runtime.loading import Table

_FORMATS = ("custom-endpoint", "functions")


class CommandError(Exception):
    """The command cannot start; the message is the one line shown after `botc: error:`."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bot", metavar="BOT", help="a .bot file or a compiled .json table")
    parser.add_argument(
        "--stubs",
        metavar="STUBS.json",
        help="integration outcomes to use instead of calling the integrations for real",
    )
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
    from runtime.limits import MAX_MESSAGE_CHARS

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
    from runtime.drivers.recording_session import RecordingSession
    from runtime.drivers.session import Session
    from runtime.wire.functions import FunctionsFormatError

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


def save_record(session: RecordingSession, path: str, name: str) -> int:
    """Write the session's conversation as `test "name"` to `path`; 0, or 2 with a one-line
    error when it cannot be written."""
    try:
        with open(path, "w", encoding="utf-8") as record:
            record.write("\n" + session.test_block(name))
    except OSError as error:
        print(f"botc: error: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 2
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
    from runtime.drivers.performer import PerformError
    from runtime.wire.events import EventError
    from runtime.wire.json_text import JsonTextError, read_json

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
        log.write(f"botc: fault: {describe_fault(session.table, fault)}\n")
    return turn.response


def describe_failed_effect(effect: dict[str, Any], error: str) -> str:
    """`call of Balance (e1) got no reply: timeout` for an effect that failed."""
    kind = "upload to" if effect.get("effect") == "upload" else "call of"
    return f"{kind} {effect.get('integration')} ({effect.get('id')}) got no reply: {error}"


def describe_fault(table: Table, fault: Fault) -> str:
    """`file:line: message (dialog NAME)` for a runtime fault."""
    source = fault.file or table.data.get("source") or "bot"
    where = f"{source}:{fault.line}" if fault.line is not None else str(source)
    dialog = f" (dialog {fault.dialog})" if fault.dialog else ""
    return f"{where}: {fault.message}{dialog}"


def open_table(
    path: str, *, target: str = "custom-endpoint", max_message_chars: int | None = None
) -> Table:
    """The loaded table of the `.bot` file or `.json` table at `path`, a `.bot` compiled
    for `target` (custom-endpoint or functions). Diagnostics of a bot that does not
    compile are printed on stderr; raises CommandError (exit 2)."""
    from compiler.build import load_bot, render_loaded
    from compiler.commands.bot_paths import file_problem
    from compiler.console import wants_colour
    from runtime.faults import TableError
    from runtime.loading import load_table

    problem = file_problem(path)
    if problem is not None:
        raise CommandError(problem)
    loaded = load_bot(path, target="functions" if target == "functions" else "custom-endpoint")
    if loaded.diagnostics:
        print(render_loaded(loaded, colour=wants_colour(sys.stderr)), file=sys.stderr)
    if loaded.table is None:
        raise CommandError(f"{path}: the bot does not compile")
    try:
        if max_message_chars is None:
            return load_table(loaded.table)
        return load_table(loaded.table, max_message_chars=max_message_chars)
    except TableError as error:
        raise CommandError(f"{path}: not a runnable table: {error}") from None


def open_performer(stubs: str | None, table: Table) -> Performer:
    """The stubs file's performer, checked against the bot's integrations, or, without
    one, the performer that calls the integrations for real. Raises CommandError."""
    if stubs is None:
        from runtime.drivers.http import HttpPerformer
        from runtime.drivers.secret_values import declared_secrets

        return HttpPerformer(secrets=declared_secrets(table.data, os.environ))
    from runtime.drivers.stubs import StubPerformer, StubsError, load_stubs

    try:
        outcomes = load_stubs(stubs)
    except StubsError as error:
        raise CommandError(str(error)) from None
    known = sorted(table.data.get("integrations", {}))
    for name in outcomes:
        if name not in known:
            listed = ", ".join(known) if known else "none"
            raise CommandError(
                f"{stubs}: {name!r} is not an integration of the bot (its integrations: {listed})"
            )
    return StubPerformer(outcomes)


def _lines(stream: TextIO) -> Iterable[str]:
    # bytes that are not UTF-8 become an error line for that line, not a crash of the run
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    return stream
