"""The LivePerson Functions bot-connector response (WIRE.md 3): `{"messages", "context"}`.

Messages are strings (consumer texts), `{"text", ...}` for private texts or texts with
metadata, `{"structuredContent", "metadata"?}` and `{"delay", "typing"}`; the turn's one
action goes into `context.action` / `context.actionParameters`, its first intent into
`context.intentId` / `intentName` / `confidenceScore`. A SIGNAL or SEND_SECURE_FORM has no
place in this shape: `check_table` refuses such a table when it is loaded for this format,
and `response` raises `FunctionsFormatError` rather than emit a partial shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from botc.runtime.json_types import JsonDict

# Step operations whose action the Functions shape cannot carry (WIRE.md 3).
UNSUPPORTED_OPS: Final = {"signal": "signal", "secure_form": "secure form"}


class FunctionsFormatError(Exception):
    """The table or turn uses something the Functions shape cannot carry; says what, where."""


def check_table(table: Mapping[str, Any]) -> None:
    """Refuse a table (docs/TABLE.md document) with a step the Functions shape cannot carry:
    raises `FunctionsFormatError` listing each such step with its source line."""
    found = [
        f"line {step['line']}: `{UNSUPPORTED_OPS[step['op']]}`"
        for step in table.get("steps", ())
        if step.get("op") in UNSUPPORTED_OPS
    ]
    if found:
        source = table.get("source") or "the table"
        raise FunctionsFormatError(
            f"{source} cannot run with --format functions: the Functions response has no"
            f" place for {', '.join(found)} (use the custom-endpoint format, or remove them)"
        )


def response(items: Iterable[Mapping[str, Any]], intents: Iterable[Mapping[str, Any]]) -> JsonDict:
    """The Functions body for one turn's items and intents; raises `FunctionsFormatError`
    for an item this shape cannot carry."""
    messages: list[Any] = []
    context: JsonDict = {}
    for item in items:
        data = item.get("data", {})
        kind = item.get("type")
        if kind == "TEXT":
            messages.append(_text(data))
        elif kind == "STRUCTURED_CONTENT":
            message: JsonDict = {"structuredContent": data["structuredContent"]}
            _copy(data, message, "metadata", "encodedMetadata")
            messages.append(message)
        elif kind == "DELAY":
            messages.append({"delay": data["seconds"], "typing": data.get("typing", True)})
        elif kind == "ACTION":
            context["action"], context["actionParameters"] = _action(data)
        else:
            raise FunctionsFormatError(f"a {kind} item has no place in the Functions response")
    first = next(iter(intents), None)
    if first is not None:
        context.update(
            intentId=first["id"],
            intentName=first["description"],
            confidenceScore=first["confidenceScore"],
        )
    return {"messages": messages, "context": context}


def _text(data: Mapping[str, Any]) -> Any:
    extras = {k: data[k] for k in ("messageAudience", "metadata", "encodedMetadata") if k in data}
    if not extras:
        return data["message"]
    return {"text": data["message"], **extras}


def _action(data: Mapping[str, Any]) -> tuple[str, JsonDict]:
    name = data["name"]
    parameters = data.get("parameters", {})
    if name == "TRANSFER":
        moved: JsonDict = {"skill": parameters.get("skillId", parameters.get("skillName"))}
        _copy(parameters, moved, "agentId", "transferContext")
        return "TRANSFER", moved
    if name == "CLOSE_CONVERSATION":
        return "CLOSE_CONVERSATION", dict(parameters)
    if name == "CHANGE_TTR":
        return "CHANGE_TTR", dict(parameters)
    if name == "INVOKE_FUNCTION":
        return "INVOCATION", {
            "lambdaUuid": parameters["lambdaUuid"],
            "payload": parameters.get("payload", {}),
            "failOnError": parameters.get("failOnError", False),
        }
    raise FunctionsFormatError(f"the action {name} has no place in the Functions response")


def _copy(source: Mapping[str, Any], target: JsonDict, *keys: str) -> None:
    for key in keys:
        if key in source:
            target[key] = source[key]
