"""What a broken invariant means for the bot's author: a located, classed finding.

`classify(table, turn, violation)` names the bug class of a `runtime.testing` violation
seen in the last turn of an explored conversation and the source line at fault — the step
that faulted, the `goto` that loops, the last step of a dialog that said nothing, the
`call` whose failure nobody handles, the `escalate` that answers a failed transfer with
another — never the dialog's first line. Each class has its own code (BOT5xx), severity
and message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from botc.compiler.verification import dialog_checks
from botc.compiler.verification.dialog_checks import ACTION_HELD, restart_line, upload_steps_started
from botc.runtime.defaults import ESCALATION_FAILED_TEXT, MAX_STEPS_PER_TURN
from botc.runtime.faults import RuntimeFault
from botc.runtime.normalize import normalize
from botc.runtime.testing.invariants import Violation
from botc.runtime.testing.scripted import consumer_text, text_event
from botc.runtime.testing.stepping import loaded_table, state_from_json
from botc.runtime.testing.trace import TracedTurn
from botc.runtime.turn import Turn

_ACTION_OPS = frozenset({"escalate", "close", "invoke", "signal", "secure_form", "priority"})
_MESSAGE_OPS = frozenset({"say", "card", "ask", "upload", "pause", *_ACTION_OPS})


@attrs.frozen
class BugClass:
    code: str
    severity: str  # "error" | "warning"
    title: str  # the test name of its pasteable block


RUNTIME_FAULT = BugClass("BOT501", "error", "verify: runtime fault")
TURN_LOOP = BugClass("BOT502", "error", "verify: a turn that never waits")
SILENT_TURN = BugClass("BOT503", "warning", "verify: silent turn")
UNHANDLED_FAILURE = BugClass("BOT504", "warning", "verify: call failure not handled")
ESCALATION_LOOP = BugClass("BOT505", "warning", "verify: escalation loop")
ESCALATION_OVERRUN = BugClass("BOT506", "error", "verify: escalation does not stop")
EXTRA_ACTION = BugClass("BOT507", "warning", "verify: two actions in one response")
INVALID_RESPONSE = BugClass("BOT508", "error", "verify: invalid response")
STATE_LOST = BugClass("BOT509", "error", "verify: state does not round-trip")
SILENT_FAILURE = BugClass("BOT510", "warning", "verify: silent call failure")
REPLY_NOWHERE = BugClass("BOT511", "warning", "verify: quick reply routes nowhere")
UPLOAD_UNTAKEN = BugClass("BOT512", "warning", "verify: upload outcome untaken")
DEAD_END = BugClass("BOT513", "warning", "verify: dead-end question")
RESTARTED = BugClass("BOT514", "warning", "verify: dialog started over while it waits")


@attrs.frozen
class Classified:
    """A violation as a finding: its class, the line at fault and the message."""

    bug: BugClass
    line: int
    message: str


def classify(
    table: Mapping[str, Any], turns: tuple[TracedTurn, ...], violation: Violation
) -> Classified:
    """The class, line and message of `violation`, seen in the last of `turns`."""
    turn = turns[-1]
    steps = table.get("steps") or []
    name = violation.invariant
    if name == "no runtime fault":
        return _fault(table, turns, violation)
    if name == "bounded turn":
        return Classified(TURN_LOOP, _loop_line(steps, turn), _loop_message())
    if name == "no silent turn":
        text = consumer_text(turn.event) or ""
        failure = _failure_branch_line(steps, turn)
        if failure is not None:
            names = " or ".join(dict.fromkeys(c.integration for c in turn.calls))
            return Classified(
                SILENT_FAILURE,
                failure,
                f"when {names} fails the consumer gets no word: this branch sends nothing "
                "the consumer sees",
            )
        return Classified(
            SILENT_TURN,
            _silent_line(table, turn, text),
            f"the consumer's text {text!r} gets no answer: nothing the consumer sees is sent "
            "in this turn",
        )
    if name == "integration failure handled":
        failed = [c.integration for c in turn.calls if c.kind == "http"]
        line = _last_line(steps, turn, lambda s: s["op"] == "call" and _calls(s, failed))
        return Classified(
            UNHANDLED_FAILURE,
            line,
            f"when {' or '.join(dict.fromkeys(failed))} fails no branch handles it: the "
            "consumer gets the runtime's integration-failure text",
        )
    if name == "no escalation loop":
        return Classified(
            ESCALATION_LOOP,
            _escalation_line(table, turns),
            "every failed transfer is answered with another transfer, until the runtime "
            "stops after the bot's escalation attempts",
        )
    if name == "escalation stops":
        return Classified(
            ESCALATION_OVERRUN, _escalation_line(table, turns), f"escalation: {violation.message}"
        )
    if name == dialog_checks.REPLY_NOWHERE:
        return Classified(
            REPLY_NOWHERE,
            _offering_line(steps, turns, consumer_text(turn.event) or ""),
            f"{violation.message}: the bot offers an answer it does not take",
        )
    if name == dialog_checks.UPLOAD_UNTAKEN:
        started = upload_steps_started(table, turn)
        line = int(steps[started[-1]]["line"]) if started else _last_line(steps, turn, _any)
        return Classified(UPLOAD_UNTAKEN, line, f"{violation.message}; the consumer is not told")
    if name == dialog_checks.RESTARTED:
        return Classified(
            RESTARTED,
            restart_line(table, turn) or _last_line(steps, turn, _any),
            f"this jump is taken from inside a wait, and {violation.message}: when it ends, "
            "the old wait comes back a second time; let this dialog end instead (the wait "
            "comes back by itself)",
        )
    if name == ACTION_HELD:
        return Classified(
            EXTRA_ACTION,
            _held_line(steps, turn),
            "this step's ACTION meets another ACTION in the same response: the "
            + violation.message,
        )
    if name == "one action per response":
        line = _last_line(steps, turn, lambda s: s["op"] in _ACTION_OPS)
        return Classified(
            EXTRA_ACTION,
            line,
            f"this response carries a second ACTION ({violation.message}); the platform "
            "takes one per response",
        )
    if name == "valid response":
        line = _last_line(steps, turn, lambda s: s["op"] in _MESSAGE_OPS)
        return Classified(
            INVALID_RESPONSE, line, f"this step sends an invalid response: {violation.message}"
        )
    line = _last_line(steps, turn, _any)
    return Classified(STATE_LOST, line, f"the conversation state is lost: {violation.message}")


def _any(step: Mapping[str, Any]) -> bool:
    return True


def _failure_branch_line(steps: list[Any], turn: TracedTurn) -> int | None:
    """The line of the branch a failed call of `turn` took, if one did."""
    failed = {c.integration for c in turn.calls if c.kind == "http" and not _succeeded(c.outcome)}
    for step_id, index in reversed(turn.branches):
        step = steps[step_id]
        if step["op"] == "call" and step["args"]["integration"] in failed:
            return int(step["branches"][index]["line"])
    return None


def _succeeded(outcome: Any) -> bool:
    return outcome is not None and bool(outcome.ok)


def _offering_line(steps: list[Any], turns: tuple[TracedTurn, ...], text: str) -> int:
    """The step that offered the quick reply `text` (in the turn before the last)."""
    earlier = turns[-2] if len(turns) > 1 else turns[-1]
    offering = [
        steps[s]
        for s in earlier.steps_run
        if (steps[s].get("args") or {}).get("quick_replies") or steps[s]["op"] == "card"
    ]
    exact = [s for s in offering if text in (s.get("args") or {}).get("quick_replies", [])]
    chosen = (exact or offering)[-1:]
    return int(chosen[0]["line"]) if chosen else _last_line(steps, earlier, _any)


_ACTION_OP = {
    "TRANSFER": "escalate",
    "CLOSE_CONVERSATION": "close",
    "INVOKE_FUNCTION": "invoke",
    "SIGNAL": "signal",
    "SEND_SECURE_FORM": "secure_form",
    "CHANGE_TTR": "priority",
}


def _held_line(steps: list[Any], turn: TracedTurn) -> int:
    """The step whose ACTION the turn held back for the next response."""
    held = (turn.states[-1].get("held") or []) if turn.states else []
    actions = [h["item"] for h in held if (h.get("item") or {}).get("type") == "ACTION"]
    op = _ACTION_OP.get(str(actions[0].get("data", {}).get("name"))) if actions else None
    return _last_line(steps, turn, lambda s: s["op"] == op)


def _fault(
    table: Mapping[str, Any], turns: tuple[TracedTurn, ...], violation: Violation
) -> Classified:
    turn = turns[-1]
    steps = table.get("steps") or []
    for fault in turn.faults:
        if fault.line is not None and "without waiting" in fault.message:
            return Classified(TURN_LOOP, _loop_line(steps, turn), _loop_message())
    if turn.crash is not None:
        return Classified(RUNTIME_FAULT, _last_line(steps, turn, _any), f"step raised {turn.crash}")
    for fault in turn.faults:
        if fault.line is not None:
            line = fault.line
            message = fault.message.rstrip(".")
            branch = _faulting_condition(table, turns)
            if branch is not None:
                return Classified(
                    RUNTIME_FAULT,
                    branch,
                    f"this condition fails on the answer {consumer_text(turn.event)!r}: "
                    f"{message}; the consumer gets the default response",
                )
            return Classified(
                RUNTIME_FAULT,
                line,
                f"this step fails when the conversation gets here: {message}; the consumer "
                "gets the default response",
            )
    return Classified(RUNTIME_FAULT, _last_line(steps, turn, _any), violation.message)


def _faulting_condition(table: Mapping[str, Any], turns: tuple[TracedTurn, ...]) -> int | None:
    """The line of the `when` of the question the last text answered whose condition
    fails on it, when that is what failed."""
    text = consumer_text(turns[-1].event)
    before = turns[-2].states[-1] if len(turns) > 1 and turns[-2].states else {}
    wait = before.get("wait") or {}
    if text is None or wait.get("kind") != "ask":
        return None
    loaded = loaded_table(table)
    step = loaded.steps[int(wait["step"])]
    state = state_from_json(before)
    scope_turn = Turn(loaded, state, text_event(text))
    for branch in step["branches"]:
        if branch["kind"] != "when":
            continue
        try:
            scope_turn.holds(branch["expression"], answer=text)
        except RuntimeFault:
            return int(branch["line"])
    return None


def _loop_message() -> str:
    return (
        f"the dialog loops here without waiting for the consumer; the runtime stops the "
        f"turn after {MAX_STEPS_PER_TURN} steps and sends the error text"
    )


def _loop_line(steps: list[Any], turn: TracedTurn) -> int:
    """The `goto` (or branch) that closes the cycle the turn kept running."""
    tail = turn.steps_run[-200:]
    in_cycle = set(tail)
    gotos = [steps[s] for s in tail if steps[s]["op"] == "goto"]
    if gotos:
        return int(max(gotos, key=lambda s: s["line"])["line"])
    jumps = [
        steps[s] for s in in_cycle if any(_target_step(b) in in_cycle for b in steps[s]["branches"])
    ]
    if jumps:
        return int(max(jumps, key=lambda s: s["line"])["line"])
    return int(steps[tail[-1]]["line"]) if tail else 1


def _target_step(branch: Mapping[str, Any]) -> int | None:
    step = (branch.get("target") or {}).get("step")
    return int(step) if isinstance(step, int) else None


def _silent_line(table: Mapping[str, Any], turn: TracedTurn, text: str) -> int:
    """The last step the silent turn ran (an `end` or `goto` aside); else the last branch
    it took (an `-> end`); else the pattern that took the text."""
    steps = table.get("steps") or []
    doing = [s for s in turn.steps_run if steps[s]["op"] not in ("end", "goto")]
    if doing:
        return int(steps[doing[-1]]["line"])
    if turn.branches:
        step_id, index = turn.branches[-1]
        return int(steps[step_id]["branches"][index]["line"])
    if turn.steps_run:
        return int(steps[turn.steps_run[-1]]["line"])
    match = loaded_table(table).triggers.route(normalize(text))
    patterns = (table.get("triggers") or {}).get("patterns") or []
    if match is not None:
        return int(patterns[match.pattern]["line"])
    return 1


def _escalation_line(table: Mapping[str, Any], turns: tuple[TracedTurn, ...]) -> int:
    """The `escalate` that answered the last failed transfer (the runtime's stop runs none:
    the one before it is looked at), else the pattern that took the failure."""
    steps = table.get("steps") or []
    for turn in reversed(turns):
        line = _last_line(steps, turn, lambda s: s["op"] == "escalate", default=0)
        if line:
            return line
        if consumer_text(turn.event) != ESCALATION_FAILED_TEXT:
            break
    text = consumer_text(turns[-1].event) or ""
    return _silent_line(table, attrs.evolve(turns[-1], steps_run=()), text)


def _calls(step: Mapping[str, Any], integrations: list[str]) -> bool:
    return (step.get("args") or {}).get("integration") in integrations


def _last_line(steps: list[Any], turn: TracedTurn, wanted: Any, default: int = 1) -> int:
    for step_id in reversed(turn.steps_run):
        if wanted(steps[step_id]):
            return int(steps[step_id]["line"])
    return int(steps[turn.steps_run[-1]]["line"]) if turn.steps_run and default else default
