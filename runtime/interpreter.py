"""The interpreter: `step(table, state, event) -> (state, Output)`, a pure function.

One call handles one event: a consumer text, a START, a file, a rich content, a signal,
a conversation change, or the result of an effect the previous call asked the driver
to perform. No I/O, no clock, no randomness: the same table, state and event always
give the same new state and output. Faults are reported in the output, never raised.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import attrs

from botc.runtime.defaults import UPLOAD_FAILED_PREFIX, UPLOAD_SUCCESS_PREFIX
from botc.runtime.effects import call_outcome
from botc.runtime.faults import Fault, RuntimeFault
from botc.runtime.json_types import JsonDict
from botc.runtime.loading import Table
from botc.runtime.routing import route_text, start_conversation, start_event_dialog
from botc.runtime.state import ConversationState
from botc.runtime.steps import END, Flow, fail_step, following, run, target_flow
from botc.runtime.turn import Turn, unique_intents
from botc.runtime.wire import events
from botc.runtime.wire.events import Event


@attrs.frozen
class Output:
    """What one `step` call sends: response `items` (WIRE.md 2), `effects` for the driver
    (WIRE.md 4), analytics `intents`, logged `faults`, and for coverage the step ids run
    and the (step id, branch index) pairs taken."""

    items: tuple[JsonDict, ...] = ()
    effects: tuple[JsonDict, ...] = ()
    intents: tuple[JsonDict, ...] = ()
    faults: tuple[Fault, ...] = ()
    steps_run: tuple[int, ...] = ()
    branches_taken: tuple[tuple[int, int], ...] = ()


def merge_outputs(outputs: Iterable[Output]) -> Output:
    """The outputs of one turn's `step` calls as one: everything concatenated in order,
    each intent listed once (WIRE.md 2)."""
    outputs = list(outputs)
    if len(outputs) == 1:  # most turns: one call, with nothing to concatenate
        only = outputs[0]
        intents = unique_intents(only.intents)
        return only if len(intents) == len(only.intents) else attrs.evolve(only, intents=intents)
    return Output(
        items=tuple(item for o in outputs for item in o.items),
        effects=tuple(effect for o in outputs for effect in o.effects),
        intents=unique_intents(intent for o in outputs for intent in o.intents),
        faults=tuple(fault for o in outputs for fault in o.faults),
        steps_run=tuple(step for o in outputs for step in o.steps_run),
        branches_taken=tuple(branch for o in outputs for branch in o.branches_taken),
    )


def step(table: Table, state: ConversationState, event: Event) -> tuple[ConversationState, Output]:
    """Apply `event` to `state`: the new state and what the bot sends (see module docstring)."""
    if state.ended:
        state = ConversationState.initial()
    event, cut_from = _within_message_limit(event, table.max_message_chars)
    turn = Turn(table, state, event)
    if cut_from is not None:
        turn.fault(
            f"the consumer's message has {cut_from} characters; the bot read only the first "
            f"{table.max_message_chars}",
            None,
        )
    if event.type != events.EFFECT_RESULT:
        turn.start_response()
    _HANDLERS[event.type](turn, event)
    return turn.state, Output(
        items=tuple(turn.items),
        effects=tuple(turn.effects),
        intents=turn.intents(),
        faults=tuple(turn.faults),
        steps_run=tuple(turn.steps_run),
        branches_taken=tuple(turn.branches_taken),
    )


def _within_message_limit(event: Event, limit: int) -> tuple[Event, int | None]:
    """The event with its consumer text (a TEXT's `message`, a START's
    `lastConsumerMessage`) cut to `limit` characters, and the original length when cut."""
    if event.type == events.TEXT and len(event.message) > limit:
        return attrs.evolve(event, data={**event.data, "message": event.message[:limit]}), len(
            event.message
        )
    text = event.last_consumer_message
    if event.type == events.START and text is not None and len(text) > limit:
        lp_event = {**event.context["lpEvent"], "lastConsumerMessage": text[:limit]}
        return attrs.evolve(event, context={**event.context, "lpEvent": lp_event}), len(text)
    return event, None


def _on_text(turn: Turn, event: Event) -> None:
    route_text(turn, event.message)


def _on_start(turn: Turn, event: Event) -> None:
    start_conversation(turn, event.last_consumer_message)


def _on_rich_content(turn: Turn, event: Event) -> None:
    start_event_dialog(turn, "rich_content")


def _on_signal(turn: Turn, event: Event) -> None:
    start_event_dialog(turn, "signal")


def _on_conversation(turn: Turn, event: Event) -> None:
    if event.data.get("name") == "CLOSED":
        _on_close(turn, event)


def _on_close(turn: Turn, event: Event) -> None:
    turn.items.clear()
    turn.intent_dialogs.clear()
    turn.state = attrs.evolve(ConversationState.initial(), ended=True)


def _on_file(turn: Turn, event: Event) -> None:
    """A `hosted-file` event: checked against the waiting `upload` step (5.4)."""
    wait = turn.state.wait
    if wait is None or wait.kind != "upload":
        turn.fault("a file arrived but no upload step waits for one; ignored", None)
        return
    upload = turn.table.steps[wait.step]
    args = upload["args"]
    file = event.data
    accepted = {_file_type(kind) for kind in args["accept"]}
    size = file.get("size")
    kind = _file_type(str(file.get("fileType") or "") or os.path.splitext(file["relativePath"])[1])
    if kind not in accepted or (size is not None and size > int(args["max_bytes"])):
        turn.say(args["invalid"], upload["dialog"])
        return
    turn.say(args["progress"], upload["dialog"])
    turn.file = dict(file)
    kept = {key: file[key] for key in ("relativePath", "fileType", "size", "url") if key in file}
    turn.update(wait=None, accepted_file=kept)
    run(turn, following(upload))


def _file_type(name: str) -> str:
    """A file type compared case-insensitively, `jpeg` = `jpg`; a MIME type counts by its
    subtype (`image/png` is `png`)."""
    kind = name.strip().rsplit("/", 1)[-1].lstrip(".").casefold()
    return "jpg" if kind == "jpeg" else kind


def _on_effect_result(turn: Turn, event: Event) -> None:
    effect_id = event.data["id"]
    wait = turn.state.wait
    if wait is not None and wait.kind == "call" and wait.effect == effect_id:
        _call_result(turn, event.data)
        return
    upload = next((u for u in turn.state.pending_uploads if u.effect == effect_id), None)
    if upload is None:
        turn.fault(f"a result came for {effect_id}, which nothing waits for; ignored", None)
        return
    turn.update(pending_uploads=tuple(u for u in turn.state.pending_uploads if u is not upload))
    step = turn.table.steps[upload.step]
    status = event.data.get("status")
    ok = "error" not in event.data and isinstance(status, int) and 200 <= status < 300
    message = step["args"]["success" if ok else "failure"]
    turn.say(message, step["dialog"])
    outcome = (UPLOAD_SUCCESS_PREFIX if ok else UPLOAD_FAILED_PREFIX) + message
    # the outcome is routed as the platform's TEXT would be, and templates see it so
    turn.event_scope = {"type": events.TEXT, "message": outcome, "lastConsumerMessage": None}
    route_text(turn, outcome)


def _call_result(turn: Turn, result: JsonDict) -> None:
    """The result of the awaited `call` (5.3): store, then the first branch that holds."""
    assert turn.state.wait is not None
    step = turn.table.steps[turn.state.wait.step]
    name = step["args"]["integration"]
    turn.update(wait=None)
    outcome = call_outcome(turn, name, result)
    turn.update(fields={**turn.state.fields, name: outcome.record})
    flow: Flow | None = None
    try:
        for index, branch in enumerate(step["branches"]):
            kind = branch["kind"]
            if (
                (kind == "success" and outcome.ok)
                or (kind == "failure" and not outcome.ok)
                or (kind == "when" and turn.holds(branch["expression"], response=outcome.response))
            ):
                turn.branches_taken.append((step["id"], index))
                flow = target_flow(branch["target"])
                break
    except RuntimeFault as fault:
        flow = fail_step(turn, step, fault)
    if flow is None and not outcome.ok:
        turn.say(turn.table.bot["texts"]["integration_failure"], step["dialog"])
        flow = END
    run(turn, following(step) if flow is None else flow)


_HANDLERS = {
    events.TEXT: _on_text,
    events.START: _on_start,
    events.RICH_CONTENT: _on_rich_content,
    events.SIGNAL: _on_signal,
    events.HOSTED_FILE: _on_file,
    events.CONVERSATION: _on_conversation,
    events.CLOSE_CONVERSATION: _on_close,
    events.EFFECT_RESULT: _on_effect_result,
}
