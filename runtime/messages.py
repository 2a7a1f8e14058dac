"""The steps that only send something (LANGUAGE.md 5.1, 5.5, 5.6): their response items.

Each function takes the running `Turn` and the step's table entry, renders what it must,
and emits WIRE.md 2 items. A failing template raises `RuntimeFault` to the run loop.
"""

from __future__ import annotations

import base64
import binascii
import re

from botc.runtime.defaults import ENCODED_METADATA_MAX_CHARS
from botc.runtime.json_types import JsonDict
from botc.runtime.turn import Turn
from botc.runtime.wire.pollock import quick_replies

_WHOLE_NUMBER = re.compile(r"[0-9]+")


def say(turn: Turn, step: JsonDict) -> None:
    """`say`: a TEXT (private for `to agents`), or structured content with quick replies."""
    args = step["args"]
    text = turn.render(args["text"])
    data: JsonDict
    if args.get("quick_replies"):
        titles = [turn.render(title) for title in args["quick_replies"]]
        content = {"quickReplies": quick_replies(titles), "message": text}
        data = {"structuredContent": content}
        kind = "STRUCTURED_CONTENT"
    else:
        data = {"message": text}
        kind = "TEXT"
        if args.get("audience") == "agents":
            data["messageAudience"] = "AGENTS_AND_MANAGERS"
    _add_metadata(turn, step, data)
    turn.emit({"type": kind, "data": data}, step["dialog"])


def card(turn: Turn, step: JsonDict) -> None:
    """`card`: STRUCTURED_CONTENT with every string leaf of the content rendered."""
    data: JsonDict = {"structuredContent": turn.render_json(step["args"]["content"])}
    _add_metadata(turn, step, data)
    turn.emit({"type": "STRUCTURED_CONTENT", "data": data}, step["dialog"])


def pause(turn: Turn, step: JsonDict) -> None:
    """`pause`: a DELAY of whole seconds (at least 1), typing unless `without typing`."""
    args = step["args"]
    data = {"seconds": max(1, int(args["seconds"])), "typing": bool(args["typing"])}
    turn.emit({"type": "DELAY", "data": data}, step["dialog"])


def question(turn: Turn, step: JsonDict) -> None:
    """An `ask`'s question: TEXT, or structured content when it has quick replies."""
    args = step["args"]
    text = turn.render(args["question"])
    if args.get("quick_replies"):
        titles = [turn.render(title) for title in args["quick_replies"]]
        content = {"quickReplies": quick_replies(titles), "message": text}
        turn.emit(
            {"type": "STRUCTURED_CONTENT", "data": {"structuredContent": content}}, step["dialog"]
        )
    else:
        turn.say(text, step["dialog"])


def escalate(turn: Turn, step: JsonDict) -> None:
    """`escalate`: the message (if any) then a TRANSFER; a skill id that does not render to
    a whole number sends the default response instead and logs a fault."""
    args = step["args"]
    parameters: JsonDict
    if args.get("skill_id") is not None:
        skill = turn.render(args["skill_id"]).strip()
        if not _WHOLE_NUMBER.fullmatch(skill):
            turn.fault(f"the skill id {skill!r} is not a whole number; no transfer", step)
            turn.say(turn.table.bot["texts"]["error"], step["dialog"])
            return
        parameters = {"skillId": skill}
    else:
        parameters = {"skillName": args["skill_name"]}
    if args.get("agent_id") is not None:
        parameters["agentId"] = turn.render(args["agent_id"]).strip()
    if args.get("with_context"):
        intent = turn.table.dialogs[step["dialog"]].get("intent")
        parameters["transferContext"] = {
            "intent": intent["id"] if intent else None,
            "message": turn.state.user_message,
        }
    message = turn.render(args["message"]) if args.get("message") is not None else None
    if message is not None:
        turn.say(message, step["dialog"])
    _action(turn, step, "TRANSFER", parameters)


def invoke(turn: Turn, step: JsonDict) -> None:
    """`invoke`: ACTION INVOKE_FUNCTION with the function's lambda id and the payload (its
    string leaves rendered: LANGUAGE.md 2 makes every string sent somewhere a template)."""
    args = step["args"]
    payload = args.get("payload")
    parameters = {
        "lambdaUuid": args["lambda_uuid"],
        "payload": turn.render_json(payload) if payload is not None else {},
        "failOnError": bool(args.get("fail_on_error")),
    }
    _action(turn, step, "INVOKE_FUNCTION", parameters)


def signal(turn: Turn, step: JsonDict) -> None:
    """`signal`: ACTION SIGNAL with the payload, its string leaves rendered."""
    _action(turn, step, "SIGNAL", {"payload": turn.render_json(step["args"]["payload"])})


def secure_form(turn: Turn, step: JsonDict) -> None:
    """`secure form`: ACTION SEND_SECURE_FORM with the form id and the rendered title."""
    args = step["args"]
    parameters = {"formId": args["form_id"], "title": turn.render(args["title"])}
    _action(turn, step, "SEND_SECURE_FORM", parameters)


def close(turn: Turn, step: JsonDict) -> None:
    """`close`: ACTION CLOSE_CONVERSATION (`withoutPcs` for `close without survey`)."""
    parameters = {"withoutPcs": True} if step["args"].get("without_survey") else {}
    _action(turn, step, "CLOSE_CONVERSATION", parameters)


def priority(turn: Turn, step: JsonDict) -> None:
    """`priority`: ACTION CHANGE_TTR (with `value` in seconds for a custom one)."""
    args = step["args"]
    parameters: JsonDict = {"ttrType": args["ttr_type"]}
    if args["ttr_type"] == "CUSTOM":
        parameters["value"] = args["seconds"]
    _action(turn, step, "CHANGE_TTR", parameters)


def _action(turn: Turn, step: JsonDict, name: str, parameters: JsonDict) -> None:
    turn.emit({"type": "ACTION", "data": {"name": name, "parameters": parameters}}, step["dialog"])


def _add_metadata(turn: Turn, step: JsonDict, data: JsonDict) -> None:
    args = step["args"]
    if args.get("metadata") is not None:
        data["metadata"] = turn.render_json(args["metadata"])
    if args.get("encoded_metadata") is not None:
        encoded = turn.render(args["encoded_metadata"])
        problem = encoded_metadata_problem(encoded)
        if problem is None:
            data["encodedMetadata"] = encoded
        else:
            turn.fault(f"encoded metadata dropped: {problem}", step)


def encoded_metadata_problem(encoded: str) -> str | None:
    """Why the platform would drop this encoded metadata, or None when it is acceptable."""
    if len(encoded) > ENCODED_METADATA_MAX_CHARS:
        return f"it is {len(encoded)} characters long, over {ENCODED_METADATA_MAX_CHARS}"
    try:
        base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return "it is not valid base64"
    return None
