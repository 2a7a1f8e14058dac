"""A `Session` that keeps every turn it runs, to write the conversation as a `test` block
(`botc chat --record`, `/save`, `botc run --record`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botc.runtime.drivers.session import Session, TurnResult
from botc.runtime.testing.recording import RecordedTurn, recorded_block, recorded_turn
from botc.runtime.wire.events import parse_incoming


class RecordingSession(Session):
    """A session whose turns are recorded as they happen; a turn that fails (a bad event,
    an effect with no outcome) leaves nothing in the record, as it leaves the state."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recorded: list[RecordedTurn] = []
        self.record_path: str | None = None  # where the chat saves the record by default

    def send(self, event: object) -> TurnResult:
        turn = super().send(event)  # raises for a bad event: nothing is recorded
        incoming = parse_incoming(dict(event) if isinstance(event, Mapping) else event)
        performed = ((done.effect, done.result) for done in turn.performed)
        self.recorded.append(recorded_turn(incoming, performed, turn.items))
        return turn

    def test_block(self, name: str) -> str:
        """The conversation so far as `test "name"`, ready to append to the bot."""
        functions = self.table.data.get("functions") or {}
        return recorded_block(self.recorded, name=name, functions=functions)
