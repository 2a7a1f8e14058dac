"""Checks of a turn that only an explorer can make: it knows what the bot just offered.

Beyond the invariants of `runtime.testing`, a turn of `botc verify` is held to:

- **quick reply routes nowhere**: a quick reply or button text the bot just offered, sent
  back, reaches the fallback (or the not-understood text) or the waiting question's
  rejection (the `otherwise` of a question whose `when` branches list the answers it
  takes, or that none of its replies meets) — the bot offered an answer it does not take;
- **action held back**: an ACTION is left waiting for the next response because this one
  already carries one (an upload-outcome dialog's `close` meeting a `secure form`, ...):
  the platform gets it only when the consumer writes again;
- **upload outcome untaken**: an upload's `file_upload_success:` / `file_upload_failed:`
  text reaches no dialog (the consumer then hears only the runtime's upload text, and
  no dialog goes on from there);
- **dialog restarted while its wait is put aside**: a dialog started from inside a wait
  (a question that let the text go, a wait an upload outcome interrupted) jumps back to
  the waiting dialog (`goto dialog`, `-> dialog`) instead of ending, so that dialog runs
  again while its old wait is still suspended, and the old wait comes back a second time
  when it ends (LANGUAGE.md 4.3).

Each returns `Violation`s (as the invariants do) for `findings.classify` to place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botc.compiler.verification.inputs import ask_class
from botc.runtime.defaults import UPLOAD_FAILED_PREFIX, UPLOAD_SUCCESS_PREFIX
from botc.runtime.normalize import normalize
from botc.runtime.testing.expectations import item_kind
from botc.runtime.testing.invariants import Violation
from botc.runtime.testing.scripted import consumer_text
from botc.runtime.testing.stepping import loaded_table, state_from_json
from botc.runtime.testing.trace import TracedTurn

REPLY_NOWHERE = "quick reply routes nowhere"
ACTION_HELD = "action held back"
UPLOAD_UNTAKEN = "upload outcome untaken"
RESTARTED = "dialog restarted while its wait is put aside"


def dialog_violations(
    table: Mapping[str, Any], turns: tuple[TracedTurn, ...], offered: tuple[str, ...]
) -> list[Violation]:
    """What the last of `turns` breaks of the checks above; `offered` are the reply texts
    the turn before it sent."""
    last = len(turns) - 1
    return [
        Violation(name, last, message)
        for name, message in (
            _reply_nowhere(table, turns, offered),
            _held_action(turns[-1]),
            _untaken_upload(table, turns[-1]),
            _restarted(table, turns[-1]),
        )
        if message
    ]


def _reply_nowhere(
    table: Mapping[str, Any], turns: tuple[TracedTurn, ...], offered: tuple[str, ...]
) -> tuple[str, str | None]:
    turn = turns[-1]
    text = consumer_text(turn.event)
    if text is None or text not in offered:
        return REPLY_NOWHERE, None
    steps = table.get("steps") or []
    fallback = (table.get("triggers") or {}).get("fallback")
    first_dialog = steps[turn.steps_run[0]]["dialog"] if turn.steps_run else None
    not_understood = (table.get("bot") or {}).get("texts", {}).get("not_understood")
    said = [item.get("data", {}).get("message") for item in turn.items]
    if (fallback is not None and first_dialog == fallback) or (
        not turn.steps_run and not_understood in said
    ):
        return REPLY_NOWHERE, f"the quick reply {text!r} reaches the fallback"
    before = turns[-2].states[-1] if len(turns) > 1 and turns[-2].states else {}
    asked = (before.get("wait") or {}).get("step")
    for step_id, index in turn.branches:
        if step_id != asked or steps[step_id]["branches"][index]["kind"] != "otherwise":
            continue
        if _rejects(table, turns[-2], steps[step_id], offered):
            return REPLY_NOWHERE, f"the quick reply {text!r} is refused by the question's otherwise"
    return REPLY_NOWHERE, None


def _rejects(
    table: Mapping[str, Any], before: TracedTurn, step: Mapping[str, Any], offered: tuple[str, ...]
) -> bool:
    """Whether the `otherwise` of the ask `step` is its rejection: the question lists the
    answers it takes in two or more `when` branches, or none of its offered replies meets
    any of its `when` branches. With one `when` that a reply meets ("yes"), the
    `otherwise` is the other answer ("no"), not a rejection."""
    whens = [b for b in step["branches"] if b["kind"] == "when"]
    if len(whens) >= 2:
        return True
    if not whens:
        return False
    loaded = loaded_table(table)
    state = state_from_json(before.states[-1])
    return not any(ask_class(loaded, state, step, reply)[0] == "when" for reply in offered)


def _held_action(turn: TracedTurn) -> tuple[str, str | None]:
    held = (turn.states[-1].get("held") or []) if turn.states else []
    for entry in held:
        item = entry.get("item") or {}
        if item.get("type") == "ACTION":
            return ACTION_HELD, f"{item_kind(item)} is held back until the consumer writes again"
    return ACTION_HELD, None


def _untaken_upload(table: Mapping[str, Any], turn: TracedTurn) -> tuple[str, str | None]:
    index = loaded_table(table).triggers
    for step_id in upload_steps_started(table, turn):
        args = (table.get("steps") or [])[step_id]["args"]
        for prefix, key in ((UPLOAD_SUCCESS_PREFIX, "success"), (UPLOAD_FAILED_PREFIX, "failure")):
            outcome = prefix + str(args[key])
            if index.route(normalize(outcome)) is None:
                return UPLOAD_UNTAKEN, f"no dialog takes the upload outcome {outcome!r}"
    return UPLOAD_UNTAKEN, None


def _restarted(table: Mapping[str, Any], turn: TracedTurn) -> tuple[str, str | None]:
    if restart_line(table, turn) is None:
        return RESTARTED, None
    after = turn.states[-1]
    steps = table.get("steps") or []
    running = after["dialog"]
    name = (table.get("dialogs") or [])[running].get("name", running)
    waits = [w for w in after.get("suspended") or [] if steps[int(w["step"])]["dialog"] == running]
    line = steps[int(waits[-1]["step"])]["line"]
    return RESTARTED, f"`{name}` started over while its wait at line {line} is put aside"


def restart_line(table: Mapping[str, Any], turn: TracedTurn) -> int | None:
    """The line of the jump (`goto dialog`, or a branch to a dialog) of another dialog by
    which `turn` left the conversation in a dialog one of whose waits is suspended."""
    after = turn.states[-1] if turn.states else {}
    running = after.get("dialog")
    steps = table.get("steps") or []
    suspended = {steps[int(wait["step"])]["dialog"] for wait in after.get("suspended") or []}
    if running is None or running not in suspended:
        return None
    lines = [
        int(steps[step_id]["line"])
        for step_id in turn.steps_run
        if steps[step_id]["op"] == "goto"
        and steps[step_id]["dialog"] != running
        and (steps[step_id]["args"].get("target") or {}).get("dialog") == running
    ]
    lines += [
        int(steps[step_id]["branches"][index]["line"])
        for step_id, index in turn.branches
        if steps[step_id]["dialog"] != running
        and (steps[step_id]["branches"][index].get("target") or {}).get("dialog") == running
    ]
    return max(lines) if lines else None


def upload_steps_started(table: Mapping[str, Any], turn: TracedTurn) -> list[int]:
    """The `upload` steps whose file a `call` of a file integration sent in `turn`."""
    steps = table.get("steps") or []
    integrations = table.get("integrations") or {}
    found = []
    for step_id in turn.steps_run:
        step = steps[step_id]
        name = (step.get("args") or {}).get("integration")
        is_file = (integrations.get(name) or {}).get("kind") == "file"
        after_upload = step_id > 0 and steps[step_id - 1]["op"] == "upload"
        if step["op"] == "call" and is_file and after_upload:
            found.append(step_id - 1)
    return found
