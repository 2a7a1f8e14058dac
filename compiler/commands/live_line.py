"""A status line kept up to date in place on a terminal, for commands that search for a
while (`botc test --explore`, `botc verify`)."""

from __future__ import annotations

import time
from typing import TextIO

# The least time between two rewrites of the line, in seconds.
_EVERY = 0.1
_REWRITE = "\r\x1b[K"  # back to the line's start, and erase it


class LiveLine:
    """One line of `stream` rewritten in place, at most every 0.1 s, when `stream` is a
    terminal; nothing is written when it is not (a log or a pipe keeps no progress)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = bool(getattr(stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self._last = 0.0
        self._shown = False

    def show(self, text: str) -> None:
        """Put `text` on the line, unless it was rewritten less than 0.1 s ago."""
        now = time.monotonic()
        if self.live and now - self._last > _EVERY:
            self._last = now
            self._shown = True
            self.stream.write(_REWRITE + text)
            self.stream.flush()

    def clear(self) -> None:
        """Erase the line, when something was shown on it."""
        if self._shown:
            self._shown = False
            self.stream.write(_REWRITE)
            self.stream.flush()
