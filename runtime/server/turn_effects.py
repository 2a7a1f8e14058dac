"""The performers a served turn runs with (`runtime.turn_loop.TurnPerformer`): none, for
a turn tried on the event loop (`ON_THE_LOOP`: the first effect sends the turn to a turn
thread), or `TurnEffects`, for a turn on a turn thread: integration calls at once,
uploads on upload threads, waited for a while."""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from botc.runtime.drivers.performer import Performer
from botc.runtime.json_types import JsonDict
from botc.runtime.server.uploads import UploadRunner, perform_safely
from botc.runtime.turn_loop import TurnRun


class HasEffects(Exception):
    """A turn tried on the event loop emitted effects: it runs on a turn thread instead."""


class OnTheLoop:
    """The performer of a turn tried on the event loop, which performs nothing: the first
    effect emitted sends the turn to a turn thread."""

    @staticmethod
    def emitted(effects: tuple[JsonDict, ...]) -> None:
        raise HasEffects

    def perform(self, effect: Mapping[str, Any]) -> JsonDict | None:
        raise HasEffects


ON_THE_LOOP = OnTheLoop()


class TurnEffects:
    """The performer of one turn (`runtime.turn_loop.TurnPerformer`): an integration call
    is performed at once; an upload starts on an upload thread when it is emitted
    (`start_uploads`) and is waited for until `wait_seconds` after the first emission —
    one not done by then has no outcome in this turn and is left to finish later."""

    def __init__(self, performer: Performer, uploads: UploadRunner, wait_seconds: float) -> None:
        self._performer = performer
        self._uploads = uploads
        self._wait_seconds = wait_seconds
        self._deadline: float | None = None
        self.started: dict[str, Future[JsonDict]] = {}

    def start_uploads(self, effects: tuple[JsonDict, ...]) -> None:
        if self._deadline is None:
            self._deadline = time.monotonic() + self._wait_seconds
        for effect in effects:
            if effect.get("effect") == "upload":
                self.started[str(effect.get("id"))] = self._uploads.start(effect)

    def perform(self, effect: Mapping[str, Any]) -> JsonDict | None:
        if effect.get("effect") != "upload":
            return perform_safely(self._performer, dict(effect))
        effect_id = str(effect.get("id"))
        left = 0.0 if self._deadline is None else self._deadline - time.monotonic()
        try:
            result = self.started[effect_id].result(timeout=max(0.0, left))
        except FutureTimeout:
            return None
        del self.started[effect_id]
        return result

    def unfinished(self, run: TurnRun[Any]) -> tuple[tuple[JsonDict, Future[JsonDict]], ...]:
        """The uploads of `run` still running, in the order they were emitted."""
        return tuple(
            (effect, self.started[str(effect.get("id"))])
            for effect in run.left
            if str(effect.get("id")) in self.started
        )
