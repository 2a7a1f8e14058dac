"""The live status line of `botc test --explore` and `botc verify`: rewritten in place on a
terminal, never written to a pipe or a log."""

from __future__ import annotations

import io

from botc.compiler.commands.live_line import LiveLine


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_is_written_when_the_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    line = LiveLine(stream)
    line.show("verifying bot.bot: depth 1, 3 states")
    line.clear()
    assert stream.getvalue() == ""


def test_on_a_terminal_the_line_is_rewritten_from_its_start() -> None:
    stream = _Terminal()
    LiveLine(stream).show("verifying bot.bot: depth 1, 3 states")
    assert stream.getvalue() == "\r\x1b[Kverifying bot.bot: depth 1, 3 states"


def test_clearing_erases_a_shown_line_once() -> None:
    stream = _Terminal()
    line = LiveLine(stream)
    line.show("exploring bot.bot: 4/40 conversations, about 2s left")
    line.clear()
    line.clear()
    assert stream.getvalue().endswith("left\r\x1b[K")


def test_clearing_a_line_never_shown_writes_nothing() -> None:
    stream = _Terminal()
    LiveLine(stream).clear()
    assert stream.getvalue() == ""
