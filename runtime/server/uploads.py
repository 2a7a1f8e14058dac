"""Uploads run beside the requests: started in a turn, finished by a later one if slow.

`UploadRunner.start(effect)` performs an upload effect on a worker thread and returns its
future; `UploadRunner.later(callback)` runs a finishing turn off the request path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from botc.runtime.drivers.performer import Performer, effect_id, error_result
from botc.runtime.json_types import JsonDict
from botc.runtime.server.logs import service_logger

_UPLOAD_THREADS = 8
_FINISH_THREADS = 4


class UploadRunner:
    """Thread pools for uploads in flight and for the turns that report their outcome."""

    def __init__(self, performer: Performer) -> None:
        self._performer = performer
        self._uploads = ThreadPoolExecutor(_UPLOAD_THREADS, thread_name_prefix="botc-upload")
        self._finishing = ThreadPoolExecutor(_FINISH_THREADS, thread_name_prefix="botc-finish")
        self._in_flight: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def start(self, effect: JsonDict) -> Future[JsonDict]:
        """Perform `effect` on an upload thread; the future holds its EFFECT_RESULT data."""
        future = self._uploads.submit(perform_safely, self._performer, effect)
        self._track(future)
        return future

    def later(self, callback: Callable[[], None]) -> None:
        """Run `callback` (a finishing turn) on a background thread, logging any failure."""
        self._track(self._finishing.submit(_logged, callback))

    def _track(self, future: Future[Any]) -> None:
        with self._lock:
            self._in_flight.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._in_flight.discard(future)

    def _snapshot(self) -> list[Future[Any]]:
        with self._lock:
            return list(self._in_flight)

    def drain(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for uploads and finishing turns, then stop the pools."""
        wait(self._snapshot(), timeout=timeout)
        # a finished upload starts a finishing turn: give those their turn too
        wait(self._snapshot(), timeout=max(0.0, timeout / 2))
        self._uploads.shutdown(wait=False, cancel_futures=True)
        self._finishing.shutdown(wait=False, cancel_futures=True)


def perform_safely(performer: Performer, effect: JsonDict) -> JsonDict:
    """`performer.perform(effect)`, with a failure of the performer itself as an error result."""
    try:
        return performer.perform(effect)
    except Exception as error:  # a bug or a stub list that ran out must not lose the turn
        service_logger().error(
            "effect failed", extra={"effect": effect.get("effect"), "reason": type(error).__name__}
        )
        return error_result(effect_id(effect), f"internal error: {type(error).__name__}")


def _logged(callback: Callable[[], None]) -> None:
    try:
        callback()
    except Exception:
        service_logger().exception("background turn failed")
