"""Recording a live conversation (`botc chat --record`, `botc run --record`) as a `test` block.

Each turn the session ran is kept as its incoming event, the outcome each effect of the
turn got (the integration's real answer, or the stub's), and the response items. Written
back with the words of `runtime.testing.pasteable`, the block replays the same
conversation: appended to the bot, it passes as long as the bot behaves as it did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from botc.runtime.drivers.stubs import Outcome
from botc.runtime.testing.expectations import quote
from botc.runtime.testing.pasteable import event_line, expectation_lines, outcome_line
from botc.runtime.wire.events import CLOSE_CONVERSATION, CONVERSATION, Event

# Events a test block has no line for: they are kept out of the block, with a comment.
_UNSCRIPTABLE = (CONVERSATION, CLOSE_CONVERSATION)


@attrs.frozen
class RecordedTurn:
    """One turn as it happened: the event, its effects' outcomes and what the bot sent."""

    event: Event
    calls: tuple[tuple[str, Outcome], ...]
    items: tuple[dict[str, Any], ...]


def recorded_turn(
    event: Event,
    performed: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
    items: Iterable[dict[str, Any]],
) -> RecordedTurn:
    """The turn of `event`, from the (effect, EFFECT_RESULT data) pairs it performed and the
    items of its response."""
    calls = tuple(
        (str(effect.get("integration")), outcome_of(result)) for effect, result in performed
    )
    return RecordedTurn(event=event, calls=calls, items=tuple(items))


def outcome_of(result: Mapping[str, Any]) -> Outcome:
    """The scripted outcome that gives an effect the same EFFECT_RESULT again."""
    error = result.get("error")
    if isinstance(error, str):
        return Outcome(status=None, body=None, error=error)
    status = result.get("status")
    headers = result.get("headers")
    return Outcome(
        status=status if isinstance(status, int) else 200,
        body=result.get("body"),
        headers=dict(headers) if isinstance(headers, Mapping) else {},
    )


def recorded_block(
    turns: Iterable[RecordedTurn], *, name: str, functions: Mapping[str, Any]
) -> str:
    """The `test "name"` block that replays `turns` and expects what the bot sent."""
    lines = [f"test {quote(name)}"]
    for turn in turns:
        if turn.event.type in _UNSCRIPTABLE:
            lines.append(f"# a {turn.event.type} event here (a test block cannot send it)")
            continue
        lines.extend(outcome_line(name_, outcome) for name_, outcome in turn.calls)
        lines.append(event_line(turn.event))
        lines.extend(expectation_lines(turn.items, functions))
    return "\n".join([lines[0], *("    " + line for line in lines[1:])]) + "\n"
