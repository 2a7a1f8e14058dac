"""The incoming events `botc verify` tries in one state: one per class of input.

What can arrive at all is `runtime/testing/arrivals.py`'s rule (START only to open the
conversation, a file only while an upload waits, an escalation failure only after a
transfer, a form submission only after a secure form). Among consumer texts, one witness
per class (`witnesses.py`): while an `ask` waits, the texts are grouped by what the ask
does with them — the `when` branch that takes them, the `otherwise`, a fault of a
condition, or letting them go to the dialog they start — and one text of each group is
sent; otherwise every pattern witness, the quick replies just offered and a text nothing
catches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from botc.compiler.verification.witnesses import NOTHING_TEXT, branch_candidates, pattern_witnesses
from botc.runtime.defaults import ESCALATION_FAILED_TEXT, FORM_SUBMISSION_TEXT
from botc.runtime.faults import RuntimeFault
from botc.runtime.loading import Table
from botc.runtime.normalize import normalize
from botc.runtime.state import ConversationState
from botc.runtime.testing.arrivals import Arrivals
from botc.runtime.testing.scripted import (
    file_event,
    rich_content_event,
    signal_event,
    start_event,
    text_event,
)
from botc.runtime.testing.stepping import loaded_table
from botc.runtime.turn import Turn
from botc.runtime.wire.events import Event

_REJECTED_TYPE = "exe"
# `user`, or `event` other than `event.NAME` for a NAME that is not `message`
_READS_TEXT = re.compile(r"\buser\b|\bevent\b(?!\s*\.\s*(?!message\b)[A-Za-z_])")
_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_LOCATION = {
    "type": "vertical",
    "elements": [{"type": "map", "la": 32.08, "lo": 34.78, "alt": "32.08, 34.78"}],
}


@attrs.frozen
class Tried:
    """An event to try, and whether the state it leads to is explored further."""

    event: Event
    expand: bool = True


@attrs.frozen
class InputClasses:
    """What is worked out once per table: the pattern witnesses and the step texts."""

    table: Mapping[str, Any]
    witnesses: tuple[str, ...]
    first_per_dialog: tuple[str, ...]
    candidates: Mapping[int, tuple[str, ...]]  # per ask step id, the answers it looks for
    reads_text: bool  # some template reads the consumer's text (`event.message`, `user`)

    @classmethod
    def of(cls, table: Mapping[str, Any]) -> InputClasses:
        index = loaded_table(table).triggers
        pairs = pattern_witnesses(table, index)
        patterns = (table.get("triggers") or {}).get("patterns") or []
        dialog_of = {int(p["order"]): int(p["dialog"]) for p in patterns}
        firsts: dict[int, str] = {}
        for order, text in pairs:
            firsts.setdefault(dialog_of[order], text)
        steps = table.get("steps") or []
        return cls(
            table=table,
            witnesses=tuple(dict.fromkeys(text for _, text in pairs)),
            first_per_dialog=tuple(firsts.values()),
            candidates={
                int(s["id"]): tuple(branch_candidates(s)) for s in steps if s.get("op") == "ask"
            },
            reads_text=any(_READS_TEXT.search(code) for code in template_code(table)),
        )

    def events(
        self, state: ConversationState, arrivals: Arrivals, replies: tuple[str, ...]
    ) -> list[Tried]:
        """The events to try in `state`, where the bot last offered `replies`."""
        triggers = self.table.get("triggers") or {}
        found = [Tried(text_event(text), expand) for text, expand in self._texts(state, replies)]
        others: list[Event] = []
        if arrivals.opening:
            others.append(start_event())
            others += [start_event(text) for text in self.first_per_dialog]
        if arrivals.transfer_sent:
            others.append(text_event(ESCALATION_FAILED_TEXT))
        if arrivals.form_open:
            others.append(text_event(FORM_SUBMISSION_TEXT))
        if arrivals.upload_waits and state.wait is not None:
            others += self._files(state.wait.step)
        if triggers.get("rich_content") is not None:
            others.append(rich_content_event(_LOCATION))
        if triggers.get("signal") is not None:
            others.append(signal_event("ping"))
        return found + [Tried(event) for event in others]

    def _texts(
        self, state: ConversationState, replies: tuple[str, ...]
    ) -> list[tuple[str, bool]]:
        """One text per class, then each reply offered: a reply of a class already tried
        is sent to check what it does there, but its state is not explored further."""
        wait = state.wait
        texts = [*self.witnesses, NOTHING_TEXT]
        if wait is not None and wait.kind == "ask":
            loaded = loaded_table(self.table)
            step = loaded.steps[wait.step]
            texts = [*self.candidates.get(wait.step, ()), *texts]

            def kind(text: str) -> Any:
                return ask_class(loaded, state, step, text)

        elif not self.reads_text:
            index = loaded_table(self.table).triggers

            def kind(text: str) -> Any:
                match = index.route(normalize(text))
                return None if match is None else (match.pattern, match.star)

        else:

            def kind(text: str) -> Any:
                return text

        classes: dict[Any, str] = {}
        complete = self._all_branch_classes(state)
        for text in texts:
            classes.setdefault(kind(text), text)
            if complete is not None and complete <= set(classes):
                break  # a question with an `otherwise` takes every text: all classes seen
        chosen = [(text, True) for text in classes.values()]
        for reply in replies:
            if reply not in classes.values():
                known = kind(reply) in classes
                classes.setdefault(kind(reply), reply)
                chosen.append((reply, not known))
        return chosen

    def _all_branch_classes(self, state: ConversationState) -> set[Any] | None:
        """When a question with an `otherwise` waits: the classes of text it can have (each
        `when`, and the `otherwise`), all of them taken by the question; else None."""
        wait = state.wait
        if wait is None or wait.kind != "ask":
            return None
        branches = (self.table.get("steps") or [])[wait.step].get("branches") or []
        if not any(b["kind"] == "otherwise" for b in branches):
            return None
        whens = {("when", i) for i, b in enumerate(branches) if b["kind"] == "when"}
        return whens | {("otherwise",)}

    def _files(self, step_id: int) -> list[Event]:
        args = (self.table.get("steps") or [])[step_id].get("args") or {}
        accepted = [str(kind).lower() for kind in args.get("accept") or ["pdf"]]
        limit = int(args.get("max_bytes") or 0)
        found = [file_event(f"document.{accepted[0]}", 100 * 1024)]
        if _REJECTED_TYPE not in accepted:
            found.append(file_event(f"document.{_REJECTED_TYPE}", 1024))
        if limit:
            found.append(file_event(f"document.{accepted[0]}", limit + 1024 * 1024))
        return found


def template_code(table: Mapping[str, Any]) -> list[str]:
    """The code of every template (its `{{ }}` and `{% %}` parts) and expression of the
    steps: what can read a name at run time."""
    found: list[str] = []
    for integration in (table.get("integrations") or {}).values():
        for source in _string_leaves([integration.get(k) for k in ("url", "headers", "body")]):
            found += _TEMPLATE_CODE.findall(source)
    for step in table.get("steps") or []:
        for source in _string_leaves(step.get("args")):
            found += _TEMPLATE_CODE.findall(source)
        if step.get("op") == "set":
            found.append(str((step.get("args") or {}).get("expression")))
        found += [str(b["expression"]) for b in step.get("branches") or [] if b.get("expression")]
    return found


def names_read(table: Mapping[str, Any]) -> frozenset[str]:
    """Every name a template or expression of the table may read (each word of its code)."""
    return frozenset(word for code in template_code(table) for word in re.findall(r"\w+", code))


def _string_leaves(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _string_leaves(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _string_leaves(item)]
    return []


def ask_class(
    loaded: Table, state: ConversationState, step: Mapping[str, Any], text: str
) -> tuple[Any, ...]:
    """What the ask `step` does with `text` in `state` (as `runtime.routing` decides)."""
    turn = Turn(loaded, state, text_event(text))
    branches = step["branches"]
    try:
        for index, branch in enumerate(branches):
            if branch["kind"] == "when" and turn.holds(branch["expression"], answer=text):
                return ("when", index)
    except RuntimeFault as fault:
        return ("fault", fault.message)
    if any(branch["kind"] == "otherwise" for branch in branches):
        return ("otherwise",)
    match = loaded.triggers.route(normalize(text))
    if match is not None and match.dialog != step["dialog"]:
        return ("let go", match.pattern)
    return ("next",)
