"""The conversation state: a small JSON record of where a conversation is.

It holds data only — custom fields, what the bot waits for, counters — and refers to the
table by step and dialog ids, never by object. `to_json` leaves out empty values, so a
state at rest stays well under a kilobyte; `from_json(to_json(s)) == s` always.
"""

from __future__ import annotations

from typing import Any, Literal, cast

import attrs

from botc.runtime.json_types import JsonDict

WaitKind = Literal["ask", "upload", "call"]


class StateError(Exception):
    """A stored state that is not a state record (the message names the bad key)."""


@attrs.frozen
class Wait:
    """What the conversation waits for at step `step`.

    `ask` waits for the consumer's answer, `upload` for a file, `call` for the result of
    the effect `effect`. `star` is the star list of the dialog that waits (restored on
    resume). `silent` marks a suspension that, when resumed, waits again without repeating
    its message. `scope` keeps the `event` and `context` of the turn while a call's result
    is awaited (cleared when the turn ends).
    """

    kind: WaitKind
    step: int
    effect: str | None = None
    star: tuple[str, ...] = ()
    silent: bool = False
    scope: JsonDict | None = None

    def to_json(self) -> JsonDict:
        """The wait as JSON, optional keys left out when empty."""
        data: JsonDict = {"kind": self.kind, "step": self.step}
        if self.effect is not None:
            data["effect"] = self.effect
        if self.star:
            data["star"] = list(self.star)
        if self.silent:
            data["silent"] = True
        if self.scope is not None:
            data["scope"] = self.scope
        return data

    @classmethod
    def from_json(cls, data: object) -> Wait:
        """The wait `to_json` wrote; raises `StateError`."""
        record = _object(data, "wait")
        kind = record.get("kind")
        if kind not in ("ask", "upload", "call"):
            raise StateError(f"wait.kind must be ask, upload or call, not {kind!r}")
        return cls(
            kind=cast(WaitKind, kind),
            step=_int(record.get("step"), "wait.step"),
            effect=_optional_str(record.get("effect"), "wait.effect"),
            star=_strings(record.get("star", []), "wait.star"),
            silent=bool(record.get("silent", False)),
            scope=_optional_object(record.get("scope"), "wait.scope"),
        )


@attrs.frozen
class PendingUpload:
    """An upload effect in flight: its id and the `upload` step that owns its texts."""

    effect: str
    step: int

    def to_json(self) -> JsonDict:
        """The pending upload as JSON."""
        return {"effect": self.effect, "step": self.step}

    @classmethod
    def from_json(cls, data: object) -> PendingUpload:
        """The pending upload `to_json` wrote; raises `StateError`."""
        record = _object(data, "pendingUploads[]")
        return cls(
            effect=_str(record.get("effect"), "pendingUploads[].effect"),
            step=_int(record.get("step"), "pendingUploads[].step"),
        )


@attrs.frozen
class HeldItem:
    """A response item held back for the next response (one ACTION per response)."""

    item: JsonDict
    dialog: int | None

    def to_json(self) -> JsonDict:
        """The held item as JSON."""
        return {"item": self.item, "dialog": self.dialog}

    @classmethod
    def from_json(cls, data: object) -> HeldItem:
        """The held item `to_json` wrote; raises `StateError`."""
        record = _object(data, "held[]")
        dialog = record.get("dialog")
        return cls(
            item=_object(record.get("item"), "held[].item"),
            dialog=None if dialog is None else _int(dialog, "held[].dialog"),
        )


@attrs.frozen(slots=False)  # `changed` copies its __dict__: a step makes several copies
class ConversationState:
    """One conversation's state between events (see docs/INTERNALS.md, "The state record").

    `fields` are the custom fields (an integration's results under its name as
    `{field..., "ok": bool, "status": int | None}`), `bot_context` the `botContext`
    fields, `star` the wildcard texts of the dialog that runs, `user_message` the
    consumer's last text (platform texts excluded), `dialog` the dialog that runs,
    `wait` what it waits for, `suspended` the waits put aside by context switching (the
    last is resumed first; at most 8), `escalation_failures` the transfer failures since
    the consumer last wrote, `effect_counter` the last effect number handed out,
    `pending_uploads` the uploads in flight, `accepted_file` the file the last `upload`
    accepted (without its content), `held` the items held back for the next response,
    `action_sent` whether the current response already carries an ACTION, `ended`
    whether the conversation was closed.
    """

    fields: JsonDict = attrs.field(factory=dict)
    bot_context: JsonDict = attrs.field(factory=dict)
    star: tuple[str, ...] = ()
    user_message: str | None = None
    dialog: int | None = None
    wait: Wait | None = None
    suspended: tuple[Wait, ...] = ()
    escalation_failures: int = 0
    effect_counter: int = 0
    pending_uploads: tuple[PendingUpload, ...] = ()
    accepted_file: JsonDict | None = None
    held: tuple[HeldItem, ...] = ()
    action_sent: bool = False
    ended: bool = False

    @classmethod
    def initial(cls) -> ConversationState:
        """The state of a conversation no event has reached yet."""
        return cls()

    def changed(self, **changes: Any) -> ConversationState:
        """A copy with `changes` (field names to values), as `attrs.evolve` makes it, at a
        fraction of its cost: one dict copy instead of a call and a set per field."""
        if not _FIELD_NAMES.issuperset(changes):
            unknown = sorted(set(changes) - _FIELD_NAMES)
            raise TypeError(f"ConversationState has no field {unknown[0]!r}")
        copy = object.__new__(ConversationState)
        vars(copy).update(vars(self), **changes)
        return copy

    def to_json(self) -> JsonDict:
        """The state as JSON data, with every empty or default value left out."""
        data: JsonDict = {
            "fields": self.fields,
            "botContext": self.bot_context,
            "star": list(self.star),
            "userMessage": self.user_message,
            "dialog": self.dialog,
            "wait": self.wait.to_json() if self.wait else None,
            "suspended": [wait.to_json() for wait in self.suspended],
            "escalationFailures": self.escalation_failures,
            "effectCounter": self.effect_counter,
            "pendingUploads": [upload.to_json() for upload in self.pending_uploads],
            "acceptedFile": self.accepted_file,
            "held": [held.to_json() for held in self.held],
            "actionSent": self.action_sent,
            "ended": self.ended,
        }
        return {key: value for key, value in data.items() if not _is_default(key, value)}

    @classmethod
    def from_json(cls, data: object) -> ConversationState:
        """The state `to_json` wrote; raises `StateError` naming the first bad key."""
        record = _object(data, "state")
        if not _STATE_KEYS.issuperset(record):
            unknown = sorted(set(record) - _STATE_KEYS)
            raise StateError(f"unknown state key {unknown[0]!r}")
        wait = record.get("wait")
        dialog = record.get("dialog")
        return cls(
            fields=_object(record.get("fields", {}), "fields"),
            bot_context=_object(record.get("botContext", {}), "botContext"),
            star=_strings(record.get("star", []), "star"),
            user_message=_optional_str(record.get("userMessage"), "userMessage"),
            dialog=None if dialog is None else _int(dialog, "dialog"),
            wait=None if wait is None else Wait.from_json(wait),
            suspended=tuple(
                Wait.from_json(w) for w in _list(record.get("suspended", []), "suspended")
            ),
            escalation_failures=_int(record.get("escalationFailures", 0), "escalationFailures"),
            effect_counter=_int(record.get("effectCounter", 0), "effectCounter"),
            pending_uploads=tuple(
                PendingUpload.from_json(u)
                for u in _list(record.get("pendingUploads", []), "pendingUploads")
            ),
            accepted_file=_optional_object(record.get("acceptedFile"), "acceptedFile"),
            held=tuple(HeldItem.from_json(h) for h in _list(record.get("held", []), "held")),
            action_sent=bool(record.get("actionSent", False)),
            ended=bool(record.get("ended", False)),
        )


_COUNTERS = frozenset({"escalationFailures", "effectCounter"})


def _is_default(key: str, value: Any) -> bool:
    # `dialog` 0 is a real dialog: only the counters drop a zero.
    if value is None or value is False or value == [] or value == {}:
        return True
    return key in _COUNTERS and value == 0


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


_FIELD_NAMES = frozenset(field.name for field in attrs.fields(ConversationState))
# The keys `to_json` may write, read once: `from_json` refuses any other.
_STATE_KEYS = frozenset(_camel(name) for name in _FIELD_NAMES)


def _object(value: object, key: str) -> JsonDict:
    if not isinstance(value, dict):
        raise StateError(f"{key} must be an object")
    return cast(JsonDict, value)


def _optional_object(value: object, key: str) -> JsonDict | None:
    return None if value is None else _object(value, key)


def _list(value: object, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise StateError(f"{key} must be an array")
    return value


def _int(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise StateError(f"{key} must be a whole number")
    return value


def _str(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise StateError(f"{key} must be a string")
    return value


def _optional_str(value: object, key: str) -> str | None:
    return None if value is None else _str(value, key)


def _strings(value: object, key: str) -> tuple[str, ...]:
    return tuple(_str(item, f"{key}[]") for item in _list(value, key))
