"""Opening a bot for the commands that run it (`botc run`, `botc chat`, `botc serve`).

`open_table` compiles a `.bot` (or reads a `.json` table) and loads it; `open_performer`
chooses what performs effects (`--stubs`, or real calls); `CommandError` is a command
that cannot start, shown as one `botc: error:` line (exit 2). A runtime fault prints as
`str(fault)` (`file:line: message (dialog NAME)`, `runtime.faults.Fault.__str__`).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the runtime is imported only when a command runs (docs/INTERNALS.md)
    from botc.runtime.drivers.performer import Performer
    from botc.runtime.drivers.recording_session import RecordingSession
    from botc.runtime.loading import Table


class CommandError(Exception):
    """The command cannot start; the message is the one line shown after `botc: error:`."""


def add_stubs_argument(parser: argparse.ArgumentParser) -> None:
    """`--stubs STUBS.json` (WIRE.md 6), as `botc run` and `botc chat` take it."""
    parser.add_argument(
        "--stubs",
        metavar="STUBS.json",
        help="integration outcomes to use instead of calling the integrations for real",
    )


def describe_failed_effect(effect: dict[str, Any], error: str) -> str:
    """`call of Balance (e1) got no reply: timeout` for an effect that failed."""
    kind = "upload to" if effect.get("effect") == "upload" else "call of"
    return f"{kind} {effect.get('integration')} ({effect.get('id')}) got no reply: {error}"


def open_table(
    path: str, *, target: str = "custom-endpoint", max_message_chars: int | None = None
) -> Table:
    """The loaded table of the `.bot` file or `.json` table at `path`, a `.bot` compiled
    for `target` (custom-endpoint or functions). Diagnostics of a bot that does not
    compile are printed on stderr; raises CommandError (exit 2)."""
    from botc.compiler.build import load_bot, render_loaded
    from botc.compiler.commands.bot_paths import file_problem
    from botc.compiler.console import wants_colour
    from botc.runtime.faults import TableError
    from botc.runtime.loading import load_table

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
        from botc.runtime.drivers.http import HttpPerformer
        from botc.runtime.drivers.secret_values import declared_secrets

        return HttpPerformer(secrets=declared_secrets(table.data, os.environ))
    from botc.runtime.drivers.stubs import ScriptedPerformer, StubsError, load_stubs

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
    return ScriptedPerformer(outcomes)


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
