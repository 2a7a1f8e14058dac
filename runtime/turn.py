"""The working record of one `step` call: the state as it evolves and what is sent.

`step` is pure as a whole; inside it, a `Turn` accumulates items, effects, faults and
intents while the steps run, and replaces its `state` (a frozen record) as they change
it. It also owns the rules every emitted item obeys: one ACTION per response (a second
one and everything after it is held back for the next response) and the intent list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from botc.runtime.defaults import MAX_STEPS_PER_TURN
from botc.runtime.faults import Fault
from botc.runtime.json_types import JsonDict
from botc.runtime.state import ConversationState, HeldItem
from botc.runtime.templates import evaluate, holds, is_constant, render
from botc.runtime.wire.events import EFFECT_RESULT, HOSTED_FILE, Event

if TYPE_CHECKING:  # loading reads the operations table, which runs steps on a Turn
    from botc.runtime.loading import Table


_NO_NAMES: JsonDict = {}


def split_at_second_action(
    items: Sequence[JsonDict],
) -> tuple[tuple[JsonDict, ...], tuple[JsonDict, ...]]:
    """(items to send now, items held for the next response): a second ACTION and all
    after it wait — `Turn.emit`'s rule, for items a driver puts in front of a response
    (the service's outbox of uploads finished after their turn)."""
    seen_action = False
    for index, item in enumerate(items):
        if item.get("type") == "ACTION":
            if seen_action:
                return tuple(items[:index]), tuple(items[index:])
            seen_action = True
    return tuple(items), ()


def unique_intents(intents: Iterable[JsonDict]) -> tuple[JsonDict, ...]:
    """`intents` in order, each id once (several `step` calls of a turn may report one
    dialog; WIRE.md 2)."""
    seen: set[str] = set()
    kept: list[JsonDict] = []
    for intent in intents:
        ident = str(intent.get("id"))
        if ident not in seen:
            seen.add(ident)
            kept.append(intent)
    return tuple(kept)


class StepLimitReached(Exception):
    """The turn ran MAX_STEPS_PER_TURN steps; the run loop stops it."""


class Turn:
    """One `step` call in progress (see the module docstring)."""

    def __init__(self, table: Table, state: ConversationState, event: Event) -> None:
        self.table = table
        self.state = state
        self.event = event
        self.items: list[JsonDict] = []
        self.effects: list[JsonDict] = []
        self.faults: list[Fault] = []
        self.intent_dialogs: list[int] = []
        self.steps_run: list[int] = []
        self.branches_taken: list[tuple[int, int]] = []
        self.file: JsonDict | None = None  # the hosted file accepted in this call, content included
        scope = state.wait.scope if state.wait and event.type == EFFECT_RESULT else None
        if scope is not None:
            self.event_scope: JsonDict = scope.get("event", {})
            self.context: JsonDict = scope.get("context", {})
            self.steps_before: int = int(scope.get("steps", 0))
        else:
            self.event_scope = _event_scope(event)
            self.context = event.context
            self.steps_before = 0

    # ------------------------------------------------------------------ state

    def update(self, **changes: Any) -> None:
        """Replace the state with a copy that has `changes`."""
        self.state = self.state.changed(**changes)

    def start_response(self) -> None:
        """A new response begins: items held back by the last one go out first."""
        held = self.state.held
        if held or self.state.action_sent:  # most turns start with nothing to reset
            self.update(held=(), action_sent=False)
        for entry in held:
            self.emit(entry.item, entry.dialog)

    def count_step(self, step_id: int) -> None:
        """Record that `step_id` runs; raises `StepLimitReached` past the turn's limit."""
        if self.steps_before + len(self.steps_run) >= MAX_STEPS_PER_TURN:
            raise StepLimitReached
        self.steps_run.append(step_id)

    @property
    def steps_so_far(self) -> int:
        """Steps run in this turn, including those before the call result that resumed it."""
        return self.steps_before + len(self.steps_run)

    def next_effect_id(self) -> str:
        """A new effect id (`e1`, `e2`, ...), unique within the conversation."""
        number = self.state.effect_counter + 1
        self.update(effect_counter=number)
        return f"e{number}"

    # ------------------------------------------------------------------ output

    def emit(self, item: JsonDict, dialog: int | None) -> None:
        """Send `item` in this response, or hold it back when it would be a second ACTION
        (or when something before it is already held, to keep the order)."""
        is_action = item["type"] == "ACTION"
        if self.state.held or (is_action and self.state.action_sent):
            self.update(held=(*self.state.held, HeldItem(item, dialog)))
            return
        self.items.append(item)
        if dialog is not None and dialog not in self.intent_dialogs:
            self.intent_dialogs.append(dialog)
        if is_action:
            self.update(action_sent=True)

    def say(self, text: str, dialog: int | None) -> None:
        """Send a plain TEXT item."""
        self.emit({"type": "TEXT", "data": {"message": text}}, dialog)

    def fault(self, message: str, step: JsonDict | None) -> None:
        """Log a runtime fault at `step` (its dialog and line), or at no step."""
        if step is None:
            self.faults.append(Fault(message, None, None, self.table.source))
            return
        dialog = self.table.dialogs[step["dialog"]]["name"]
        self.faults.append(Fault(message, dialog, step["line"], self.table.source))

    def intents(self) -> tuple[JsonDict, ...]:
        """The intents of the dialogs that produced items, in the order they first did."""
        found = []
        for index in self.intent_dialogs:
            intent = self.table.dialogs[index].get("intent")
            if intent:
                found.append(
                    {
                        "id": intent["id"],
                        "description": intent["description"],
                        "confidenceScore": intent.get("confidence", 1.0),
                    }
                )
        return tuple(found)

    # ------------------------------------------------------------------ expressions

    def scope(self, **extra: Any) -> JsonDict:
        """The names an expression sees (LANGUAGE.md 6); built-in names hide custom fields."""
        state = self.state
        scope: JsonDict = dict(state.fields)
        scope.update(
            star=list(state.star),
            user={"message": state.user_message},
            event=self.event_scope,
            context=self.context,
            botContext=state.bot_context,
        )
        scope.update(extra)
        return scope

    def render(self, source: str, **extra: Any) -> str:
        """Render the table's template `source`; failures raise `RuntimeFault`."""
        template = self.table.templates[source]
        # plain text needs no names: the scope is built only for a real template
        return render(template, _NO_NAMES if is_constant(template) else self.scope(**extra))

    def render_json(self, value: Any, **extra: Any) -> Any:
        """A copy of the JSON `value` with every string leaf rendered as a template."""
        if isinstance(value, str):
            return self.render(value, **extra)
        if isinstance(value, list):
            return [self.render_json(item, **extra) for item in value]
        if isinstance(value, dict):
            return {key: self.render_json(item, **extra) for key, item in value.items()}
        return value

    def evaluate(self, source: str, **extra: Any) -> Any:
        """The value of the table's expression `source`; failures raise `RuntimeFault`."""
        return evaluate(self.table.expressions[source], self.scope(**extra))

    def holds(self, source: str, **extra: Any) -> bool:
        """Whether the table's condition `source` holds; failures raise `RuntimeFault`."""
        return holds(self.table.expressions[source], self.scope(**extra))


def _event_scope(event: Event) -> JsonDict:
    """What `event` means in expressions: its type, its data, and `lastConsumerMessage`."""
    scope: JsonDict = {"type": event.type, **event.data}
    if event.type == HOSTED_FILE:
        scope.pop("content", None)  # a file's bytes are the driver's business, not a template's
    scope["lastConsumerMessage"] = event.last_consumer_message
    return scope
