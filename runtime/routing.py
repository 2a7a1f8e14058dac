"""Routing incoming texts and events to dialogs (LANGUAGE.md 4.3, 5.2, 5.7).

A consumer text goes first to a waiting `ask`, then to the `user says` patterns, then
to the fallback dialog. What was waiting is suspended (an `ask` that let the text go;
anything, silently, for an upload outcome, a rich content or a signal) or abandoned.
Escalation failures are counted here and stop being routed at the bot's limit.
"""

from __future__ import annotations

import attrs

from botc.runtime.defaults import (
    ESCALATION_FAILED_TEXT,
    FORM_SUBMISSION_TEXT,
    SUSPENSION_DEPTH,
    UPLOAD_FAILED_PREFIX,
    UPLOAD_SUCCESS_PREFIX,
)
from botc.runtime.faults import RuntimeFault
from botc.runtime.matching.matcher import Match
from botc.runtime.normalize import normalize, typed_captures
from botc.runtime.state import Wait
from botc.runtime.steps import Flow, StartDialog, fail_step, following, run, target_flow
from botc.runtime.turn import Turn


def is_upload_outcome(text: str) -> bool:
    """Whether `text` is the platform's report of a finished upload."""
    stripped = text.strip()
    return stripped.startswith((UPLOAD_SUCCESS_PREFIX, UPLOAD_FAILED_PREFIX))


def is_platform_text(text: str) -> bool:
    """Whether `text` comes from the platform, not the consumer (`__*__`, upload outcomes,
    `FORM-SUBMISSION-INTENT`)."""
    stripped = text.strip()
    return (
        (len(stripped) >= 4 and stripped.startswith("__") and stripped.endswith("__"))
        or is_upload_outcome(stripped)
        or stripped.upper() == FORM_SUBMISSION_TEXT
    )


def route_text(turn: Turn, text: str) -> None:
    """Route one incoming text (a TEXT event, or an upload outcome) as LANGUAGE.md 4.3 says."""
    platform = is_platform_text(text)
    if not platform:
        turn.update(user_message=text, escalation_failures=0)
    elif text.strip() == ESCALATION_FAILED_TEXT and _escalation_stops(turn):
        return
    match = turn.table.triggers.route(normalize(text))
    wait = turn.state.wait
    if wait is not None and wait.kind == "ask" and not platform:
        if _offer_to_ask(turn, wait, text, match):
            return
        _suspend(turn, wait)  # the ask let the text go to another dialog
    elif match is not None and wait is not None and is_upload_outcome(text):
        _suspend(turn, attrs.evolve(wait, silent=True))
    if match is not None:
        run(turn, StartDialog(match.dialog, typed_captures(text, match.spans)))
        return
    if is_upload_outcome(text):
        return  # an upload outcome nobody catches changes nothing
    start_fallback(turn)


def start_fallback(turn: Turn) -> None:
    """Nothing matched: the `on fallback` dialog, or the not-understood text."""
    fallback = turn.table.event_dialog("fallback")
    if fallback is not None:
        run(turn, StartDialog(fallback))
        return
    turn.update(dialog=None, wait=None, star=())
    turn.say(turn.table.bot["texts"]["not_understood"], None)


def start_event_dialog(turn: Turn, trigger: str) -> None:
    """A RICH_CONTENT or SIGNAL event: its dialog runs; what waited waits again after it."""
    dialog = turn.table.event_dialog(trigger)
    if dialog is None:
        return
    wait = turn.state.wait
    if wait is not None:
        _suspend(turn, attrs.evolve(wait, silent=True))
    run(turn, StartDialog(dialog))


def start_conversation(turn: Turn, last_message: str | None) -> None:
    """A START event: the dialog `lastConsumerMessage` matches, else the `on start` one."""
    if last_message is not None:
        turn.update(user_message=last_message)
        match = turn.table.triggers.route(normalize(last_message))
        if match is not None:
            turn.update(suspended=())
            run(turn, StartDialog(match.dialog, typed_captures(last_message, match.spans)))
            return
    welcome = turn.table.event_dialog("start")
    if welcome is not None:
        turn.update(suspended=())
        run(turn, StartDialog(welcome))


def _escalation_stops(turn: Turn) -> bool:
    """Count one transfer failure; at the bot's limit, send the stop text and reset."""
    count = turn.state.escalation_failures + 1
    if count < int(turn.table.bot["escalation_attempts"]):
        turn.update(escalation_failures=count)
        return False
    turn.update(escalation_failures=0)
    turn.say(turn.table.bot["texts"]["escalation_stopped"], None)
    return True


def _offer_to_ask(turn: Turn, wait: Wait, text: str, match: Match | None) -> bool:
    """Offer `text` to the waiting ask (5.2); False when the ask lets it go to `match`."""
    step = turn.table.steps[wait.step]
    turn.update(wait=None)
    branches = step["branches"]
    try:
        chosen = next(
            (
                index
                for index, branch in enumerate(branches)
                if branch["kind"] == "when" and turn.holds(branch["expression"], answer=text)
            ),
            None,
        )
    except RuntimeFault as fault:
        run(turn, fail_step(turn, step, fault))
        return True
    if chosen is None:
        chosen = next((i for i, b in enumerate(branches) if b["kind"] == "otherwise"), None)
    flow: Flow
    if chosen is not None:
        turn.branches_taken.append((step["id"], chosen))
        flow = target_flow(branches[chosen]["target"])
    elif match is not None and match.dialog != step["dialog"]:
        turn.update(wait=wait)
        return False
    else:
        flow = following(step)
    turn.update(fields={**turn.state.fields, step["args"]["field"]: text})
    run(turn, flow)
    return True


def _suspend(turn: Turn, wait: Wait) -> None:
    suspended = (*turn.state.suspended, wait)[-SUSPENSION_DEPTH:]
    turn.update(suspended=suspended, wait=None)
