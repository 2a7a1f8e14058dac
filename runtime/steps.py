"""Running a dialog's steps (LANGUAGE.md 5) until the bot waits or the dialog ends.

`run(turn, flow)` executes from a place in the table: a step id, the start of a dialog
(`StartDialog`), the end of the current dialog (`END`) or nothing more to do (`WAIT`).
When a dialog ends, the last suspended wait comes back (context switching, 4.3): an
`ask` asks again, a silent suspension just waits again. A template that fails sends the
default response, logs a fault and ends the dialog; a turn that runs too many steps is
stopped the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final, Literal, TypeAlias

import attrs

from botc.runtime import messages
from botc.runtime.effects import http_effect, upload_effect
from botc.runtime.faults import RuntimeFault
from botc.runtime.json_types import JsonDict
from botc.runtime.state import PendingUpload, Wait
from botc.runtime.turn import StepLimitReached, Turn


@attrs.frozen
class StartDialog:
    """Start dialog `dialog` from its first step, with these wildcard texts."""

    dialog: int
    star: tuple[str, ...] = ()


END: Final = "end"
WAIT: Final = "wait"
Flow: TypeAlias = int | StartDialog | Literal["end", "wait"]


def target_flow(target: JsonDict) -> Flow:
    """Where a branch or `goto` target (`{"step": N}` / `{"dialog": D}` / `{"end": true}`) leads."""
    if target.get("step") is not None:
        return int(target["step"])
    if target.get("dialog") is not None:
        return StartDialog(int(target["dialog"]))
    return END


def following(step: JsonDict) -> Flow:
    """The step after `step` in its dialog, or END after the last one."""
    return END if step["next"] is None else int(step["next"])


def run(turn: Turn, flow: Flow) -> None:
    """Run from `flow` until the conversation waits or no dialog is left running."""
    while flow != WAIT:
        if flow == END:
            flow = end_dialog(turn)
        elif isinstance(flow, StartDialog):
            flow = start_dialog(turn, flow)
        else:
            assert isinstance(flow, int)
            flow = _run_step(turn, turn.table.steps[flow])


def start_dialog(turn: Turn, start: StartDialog) -> Flow:
    """Make `start.dialog` the running dialog; the flow goes to its first step."""
    turn.update(dialog=start.dialog, star=start.star, wait=None)
    entry = turn.table.dialogs[start.dialog]["entry"]
    return END if entry is None else int(entry)


def end_dialog(turn: Turn) -> Flow:
    """End the running dialog and resume the last suspended wait, if any."""
    suspended = turn.state.suspended
    if not suspended:
        turn.update(dialog=None, wait=None, star=())
        return WAIT
    wait = suspended[-1]
    dialog = turn.table.steps[wait.step]["dialog"]
    turn.update(suspended=suspended[:-1], dialog=dialog, star=wait.star, wait=None)
    if wait.silent or wait.kind != "ask":
        turn.update(wait=attrs.evolve(wait, silent=False))
        return WAIT
    return wait.step  # the ask runs again: it repeats its question and waits


def fail_step(turn: Turn, step: JsonDict, fault: RuntimeFault) -> Flow:
    """A template or expression of `step` failed: default response, fault, dialog ends."""
    turn.fault(fault.message, step)
    turn.say(turn.table.bot["texts"]["error"], step["dialog"])
    return END


def _run_step(turn: Turn, step: JsonDict) -> Flow:
    try:
        turn.count_step(step["id"])
    except StepLimitReached:
        return _stop_runaway(turn, step)
    try:
        return OPERATIONS[step["op"]].run(turn, step)
    except RuntimeFault as fault:
        return fail_step(turn, step, fault)


def _stop_runaway(turn: Turn, step: JsonDict) -> Flow:
    turn.fault(f"the turn ran {turn.steps_so_far} steps without waiting; stopped", step)
    turn.say(turn.table.bot["texts"]["error"], step["dialog"])
    turn.update(dialog=None, wait=None, star=())
    return WAIT


# ---------------------------------------------------------------- the operations (OPERATIONS)


def _sender(send: Callable[[Turn, JsonDict], None]) -> Callable[[Turn, JsonDict], Flow]:
    def run_send(turn: Turn, step: JsonDict) -> Flow:
        send(turn, step)
        return following(step)

    return run_send


def _ask(turn: Turn, step: JsonDict) -> Flow:
    messages.question(turn, step)
    turn.update(wait=Wait("ask", step["id"], star=turn.state.star))
    return WAIT


def _upload(turn: Turn, step: JsonDict) -> Flow:
    turn.say(turn.render(step["args"]["message"]), step["dialog"])
    turn.update(wait=Wait("upload", step["id"], star=turn.state.star))
    return WAIT


def _call(turn: Turn, step: JsonDict) -> Flow:
    name = step["args"]["integration"]
    if turn.table.integrations[name]["kind"] == "file":
        return _start_upload(turn, step, name)
    effect = http_effect(turn, name)
    turn.effects.append(effect)
    scope = {"event": turn.event_scope, "context": turn.context, "steps": turn.steps_so_far}
    wait = Wait("call", step["id"], effect=effect["id"], star=turn.state.star, scope=scope)
    turn.update(wait=wait)
    return WAIT


def _start_upload(turn: Turn, step: JsonDict, name: str) -> Flow:
    """A `file` integration's call: start the upload and go on without waiting (5.4)."""
    file = turn.file or turn.state.accepted_file
    upload_id = step["id"] - 1
    if file is None or upload_id < 0 or turn.table.steps[upload_id]["op"] != "upload":
        raise RuntimeFault(f"call {name}: no file was accepted by an upload step just before it")
    effect = upload_effect(turn, name, file)
    turn.effects.append(effect)
    pending = (*turn.state.pending_uploads, PendingUpload(effect["id"], upload_id))
    turn.update(pending_uploads=pending)
    turn.file = None
    return following(step)


def _set(turn: Turn, step: JsonDict) -> Flow:
    args = step["args"]
    value = turn.evaluate(args["expression"])
    if args["scope"] == "botContext":
        turn.update(bot_context={**turn.state.bot_context, args["field"]: value})
    else:
        turn.update(fields={**turn.state.fields, args["field"]: value})
    return following(step)


def _goto(turn: Turn, step: JsonDict) -> Flow:
    return target_flow(step["args"]["target"])


def _end(turn: Turn, step: JsonDict) -> Flow:
    return END


@attrs.frozen
class Operation:
    """One `op` of the table (docs/TABLE.md): how a step of it runs, and which of its `args`
    hold what loading must compile or check once — templates, lists of templates, JSON
    values whose string leaves are templates, expressions, targets, integration names.
    (A branch's `when` expression is in the branch, whatever the op.)"""

    run: Callable[[Turn, JsonDict], Flow]
    templates: tuple[str, ...] = ()
    template_lists: tuple[str, ...] = ()
    payloads: tuple[str, ...] = ()
    expressions: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    integrations: tuple[str, ...] = ()


# Every op of the table, in the order of docs/TABLE.md.
OPERATIONS: Final[Mapping[str, Operation]] = {
    "say": Operation(
        _sender(messages.say),
        templates=("text", "encoded_metadata"),
        template_lists=("quick_replies",),
        payloads=("metadata",),
    ),
    "card": Operation(
        _sender(messages.card), templates=("encoded_metadata",), payloads=("content", "metadata")
    ),
    "pause": Operation(_sender(messages.pause)),
    "ask": Operation(_ask, templates=("question",), template_lists=("quick_replies",)),
    "call": Operation(_call, integrations=("integration",)),
    "upload": Operation(_upload, templates=("message",)),
    "escalate": Operation(
        _sender(messages.escalate), templates=("skill_id", "agent_id", "message")
    ),
    "invoke": Operation(_sender(messages.invoke), payloads=("payload",)),
    "signal": Operation(_sender(messages.signal), payloads=("payload",)),
    "secure_form": Operation(_sender(messages.secure_form), templates=("title",)),
    "close": Operation(_sender(messages.close)),
    "priority": Operation(_sender(messages.priority)),
    "set": Operation(_set, expressions=("expression",)),
    "goto": Operation(_goto, targets=("target",)),
    "end": Operation(_end),
}
