"""JSON logs: one object per line on stderr, for the service and for uvicorn.

What is logged at info level never holds a secret or a consumer's message text: only
ids, types, counts and timings. Repeated lines are rate-limited (`RepeatLimit`): hostile
traffic (a flood of refused requests, a thousand slow clients) cannot flood the log.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

LOGGER_NAME = "botc.service"
# Attributes every LogRecord has; anything else was passed with `extra=` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

# At most REPEATS_PER_WINDOW lines with one message per REPEAT_WINDOW_SECONDS; the lines
# of served requests ("turn", "conversation created") are the audit trail and never dropped.
REPEATS_PER_WINDOW = 20
REPEAT_WINDOW_SECONDS = 10.0
UNLIMITED_MESSAGES = frozenset({"turn", "conversation created"})


class RepeatLimit(logging.Filter):
    """Drops a line whose message was logged REPEATS_PER_WINDOW times in the current window.

    The first line of the message in a later window carries `suppressed`: how many
    lines of it were dropped before.
    """

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self._lock = threading.Lock()
        self._windows: dict[tuple[str, str], tuple[float, int, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message in UNLIMITED_MESSAGES:
            return True
        key = (record.name, message)
        now = time.monotonic()
        with self._lock:
            started, count, dropped = self._windows.get(key, (now, 0, 0))
            if now - started >= REPEAT_WINDOW_SECONDS:
                if dropped:
                    record.suppressed = dropped
                started, count, dropped = now, 0, 0
            count += 1
            if count > REPEATS_PER_WINDOW:
                dropped += 1
            self._windows[key] = (started, count, dropped)
            if len(self._windows) > 10_000:  # messages with ids in them: forget the old
                self._windows.clear()
        return count <= REPEATS_PER_WINDOW


class JsonFormatter(logging.Formatter):
    """Formats a record as `{"time", "level", "logger", "message", ...extra}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key != "color_message":
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def log_config(level: str = "info") -> dict[str, Any]:
    """A `logging.config.dictConfig` for the service and uvicorn, all as JSON on stderr."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "stream": "ext://sys.stderr",
        "filters": ["repeats"],
    }
    loggers = {
        name: {"handlers": ["stderr"], "level": level.upper(), "propagate": False}
        for name in (LOGGER_NAME, "uvicorn", "uvicorn.error", "uvicorn.access")
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "filters": {"repeats": {"()": f"{__name__}.RepeatLimit"}},
        "handlers": {"stderr": handler},
        "loggers": loggers,
    }


def service_logger() -> logging.Logger:
    """The logger the service writes its own events to."""
    return logging.getLogger(LOGGER_NAME)
