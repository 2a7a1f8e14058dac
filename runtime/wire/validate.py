"""The project's own check of what the runtime sends: WIRE.md sections 2 and 3, exactly.

`response_problems` reads a Custom Endpoint reply, `functions_response_problems` a
Functions bot-connector reply; each returns sentences `"$.path: what is wrong"`, [] when
the reply is right. The rules are stricter than LivePerson's OpenAPI file where WIRE.md
is (one ACTION per response, typed action parameters, base64 encoded metadata of at most
5,120 characters, intent ids without white space, each intent once); structured content
is checked with the json-pollock rules, quick replies with theirs.
"""

from __future__ import annotations

import binascii
import re
import uuid
from base64 import b64decode
from collections.abc import Mapping
from typing import Final

from botc.runtime.defaults import ENCODED_METADATA_MAX_CHARS
from botc.runtime.wire.pollock import QUICK_REPLIES, RICH_CONTENT
from botc.runtime.wire.shapes import (
    AnyList,
    AnyObject,
    Choice,
    Field,
    Flag,
    ListOf,
    Null,
    Number,
    OneOf,
    Problem,
    Spec,
    Text,
    check,
    member,
    record,
)

PRIVATE: Final = "AGENTS_AND_MANAGERS"
METADATA: Final = Field("metadata", AnyList())
ENCODED_METADATA: Final = Field("encodedMetadata", Text(ENCODED_METADATA_MAX_CHARS))
SOME_TEXT: Final = Text(min_length=1)
WHOLE_SECONDS: Final = Number(minimum=1, whole=True)

# --- WIRE.md 2: the Custom Endpoint response ---------------------------------------------

TEXT_ITEM: Final = record("a TEXT item", "TEXT", Field("data", record(
    "the data of a TEXT item", None, Field("message", Text()),
    Field("messageAudience", Choice((PRIVATE,))), METADATA, ENCODED_METADATA,
    required=("message",))), required=("type", "data"))
STRUCTURED_CONTENT_ITEM: Final = record("a STRUCTURED_CONTENT item", "STRUCTURED_CONTENT", Field(
    "data", record("the data of a STRUCTURED_CONTENT item", None,
                   Field("structuredContent", AnyObject()), METADATA, ENCODED_METADATA,
                   required=("structuredContent",))), required=("type", "data"))
DELAY_ITEM: Final = record("a DELAY item", "DELAY", Field("data", record(
    "the data of a DELAY item", None, Field("seconds", WHOLE_SECONDS), Field("typing", Flag()),
    required=("seconds",))), required=("type", "data"))
ACTION_NAMES: Final = (
    "TRANSFER", "CLOSE_CONVERSATION", "CHANGE_TTR", "INVOKE_FUNCTION", "SIGNAL", "SEND_SECURE_FORM")
ACTION_ITEM: Final = record("an ACTION item", "ACTION", Field("data", record(
    "the data of an ACTION item", None, Field("name", Choice(ACTION_NAMES)),
    Field("parameters", AnyObject()), required=("name", "parameters"))), required=("type", "data"))
ITEM: Final = OneOf(
    "a response item", (TEXT_ITEM, STRUCTURED_CONTENT_ITEM, DELAY_ITEM, ACTION_ITEM))

_TRANSFER_EXTRAS: Final = (
    Field("agentId", SOME_TEXT),
    Field("transferContext", record(
        "a transfer context", None, Field("intent", OneOf("text or null", (Text(), Null()))),
        Field("message", OneOf("text or null", (Text(), Null()))),
        required=("intent", "message"))),
)
_STANDARD_TTR: Final = ("URGENT", "NORMAL", "PRIORITIZED")
PARAMETERS: Final[Mapping[str, Spec]] = {
    "TRANSFER": OneOf("transfer parameters (a `skillId` or a `skillName`)", (
        record("a transfer to a skill id", None, Field("skillId", SOME_TEXT), *_TRANSFER_EXTRAS,
               required=("skillId",)),
        record("a transfer to a skill name", None, Field("skillName", SOME_TEXT),
               *_TRANSFER_EXTRAS, required=("skillName",)),
    )),
    "CLOSE_CONVERSATION": record("close parameters", None, Field("withoutPcs", Flag())),
    "CHANGE_TTR": OneOf("TTR parameters", (
        record("a standard TTR", None, Field("ttrType", Choice(_STANDARD_TTR)),
               required=("ttrType",)),
        record("a custom TTR", None, Field("ttrType", Choice(("CUSTOM",))),
               Field("value", WHOLE_SECONDS), required=("ttrType", "value")),
    )),
    "INVOKE_FUNCTION": record(
        "invocation parameters", None, Field("lambdaUuid", SOME_TEXT),
        Field("payload", AnyObject()), Field("failOnError", Flag()),
        required=("lambdaUuid", "payload", "failOnError")),
    "SIGNAL": record("signal parameters", None, Field("payload", AnyObject()),
                     required=("payload",)),
    "SEND_SECURE_FORM": record(
        "secure form parameters", None, Field("formId", WHOLE_SECONDS), Field("title", Text()),
        required=("formId", "title")),
}
INTENT: Final = record(
    "an intent", None, Field("id", SOME_TEXT), Field("description", Text()),
    Field("confidenceScore", Number(0, 1)), required=("id", "description", "confidenceScore"))
RESPONSE: Final = record(
    "a Custom Endpoint response", None, Field("response", ListOf(ITEM, "items")),
    Field("analytics", record("the analytics", None, Field("intents", ListOf(INTENT, "intents")),
                              required=("intents",))),
    required=("response", "analytics"))
QUICK_REPLIES_MESSAGE: Final = record(
    "a quick-replies message", None, Field("quickReplies", QUICK_REPLIES), Field("message", Text()),
    required=("quickReplies", "message"))

# --- WIRE.md 3: the Functions response ---------------------------------------------------

FUNCTIONS_MESSAGE: Final = OneOf("a Functions message", (
    Text(),
    # encodedMetadata: WIRE.md 3 is silent; the same rules as in section 2 apply.
    record("a structured content message", None, Field("structuredContent", AnyObject()),
           METADATA, ENCODED_METADATA, required=("structuredContent",)),
    record("a delay message", None, Field("delay", WHOLE_SECONDS), Field("typing", Flag()),
           required=("delay",)),
    # A text with metadata has no shape in WIRE.md 3; it travels as the private text does.
    record("a text message", None, Field("text", Text()),
           Field("messageAudience", Choice((PRIVATE,))), METADATA, ENCODED_METADATA,
           required=("text",)),
))
FUNCTIONS_ACTIONS: Final[Mapping[str, Spec]] = {
    "TRANSFER": record("transfer parameters", None, Field("skill", SOME_TEXT),
                       Field("agentId", SOME_TEXT), required=("skill",)),
    "CLOSE_CONVERSATION": PARAMETERS["CLOSE_CONVERSATION"],
    "CHANGE_TTR": PARAMETERS["CHANGE_TTR"],
    "INVOCATION": PARAMETERS["INVOKE_FUNCTION"],
}
FUNCTIONS_RESPONSE: Final = record(
    "a Functions response", None, Field("messages", ListOf(FUNCTIONS_MESSAGE, "messages")),
    Field("context", record(
        "the context", None, Field("intentId", SOME_TEXT), Field("intentName", Text()),
        Field("confidenceScore", Number(0, 1)), Field("action", Choice(tuple(FUNCTIONS_ACTIONS))),
        Field("actionParameters", AnyObject()))),
    required=("messages", "context"))

_SPACE = re.compile(r"\s")
_DIGITS = re.compile(r"[0-9]+\Z")


def response_problems(response: object) -> list[str]:
    """What is wrong with a Custom Endpoint reply (WIRE.md 2); [] when nothing is."""
    problems = check(RESPONSE, response, "$", "the response")
    if isinstance(response, dict):
        items = response.get("response")
        if isinstance(items, list):
            problems += _item_problems(items)
        analytics = response.get("analytics")
        if isinstance(analytics, dict) and isinstance(analytics.get("intents"), list):
            problems += _intent_problems(analytics["intents"], "$.analytics.intents")
    return [f"{p.path}: {p.message}" for p in problems]


def functions_response_problems(response: object) -> list[str]:
    """What is wrong with a Functions bot-connector reply (WIRE.md 3); [] when nothing is."""
    problems = check(FUNCTIONS_RESPONSE, response, "$", "the response")
    if isinstance(response, dict):
        for index, message in enumerate(_as_list(response.get("messages"))):
            if not isinstance(message, dict):
                continue
            path = f"$.messages[{index}]"
            if isinstance(message.get("structuredContent"), dict):
                problems += _content_problems(
                    message["structuredContent"], f"{path}.structuredContent", True)
            problems += _encoded_metadata_problems(message, path)
        context = response.get("context")
        if isinstance(context, dict):
            problems += _functions_action_problems(context)
            if isinstance(context.get("intentId"), str) and _SPACE.search(context["intentId"]):
                problems.append(Problem("$.context.intentId", "an intent id has no white space"))
    return [f"{p.path}: {p.message}" for p in problems]


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _item_problems(items: list[object]) -> list[Problem]:
    problems: list[Problem] = []
    actions = 0
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
            continue
        path, data = f"$.response[{index}].data", item["data"]
        problems += _encoded_metadata_problems(data, path)
        if item.get("type") == "STRUCTURED_CONTENT" and isinstance(
                data.get("structuredContent"), dict):
            problems += _content_problems(
                data["structuredContent"], member(path, "structuredContent"), False)
        if item.get("type") == "ACTION":
            actions += 1
            if actions == 2:
                problems.append(Problem(f"$.response[{index}]",
                                        "a response carries at most one ACTION"))
            problems += _action_problems(
                data.get("name"), data.get("parameters"), PARAMETERS, member(path, "parameters"))
    return problems


def _encoded_metadata_problems(data: dict[str, object], path: str) -> list[Problem]:
    encoded = data.get("encodedMetadata")
    if isinstance(encoded, str) and not _is_base64(encoded):
        return [Problem(member(path, "encodedMetadata"), "encoded metadata must be valid base64")]
    return []


def _content_problems(content: dict[str, object], path: str, bare: bool) -> list[Problem]:
    """json-pollock, or quick replies: `{"quickReplies": ..., "message": ...}` (with
    `bare`, as the Functions shape also sends them, the message may be left out)."""
    if "quickReplies" not in content:
        return check(RICH_CONTENT, content, path, "the structured content")
    if bare and "message" not in content:
        content = {**content, "message": ""}
    return check(QUICK_REPLIES_MESSAGE, content, path, "the structured content")


def _action_problems(
        name: object, parameters: object, table: Mapping[str, Spec], where: str) -> list[Problem]:
    """The parameters of the action `name` (found at `where`) read by `table`'s rules."""
    if not isinstance(name, str) or name not in table:
        return []
    problems = check(table[name], parameters, where, f"the parameters of {name}")
    if problems or not isinstance(parameters, dict):
        return problems
    if "skillId" in parameters and not _DIGITS.match(str(parameters["skillId"])):
        problems.append(Problem(member(where, "skillId"), "a skill id must be a whole number"))
    if "lambdaUuid" in parameters and not _is_uuid(parameters["lambdaUuid"]):
        problems.append(Problem(member(where, "lambdaUuid"), "a lambdaUuid must be a UUID"))
    return problems


def _functions_action_problems(context: dict[str, object]) -> list[Problem]:
    action = context.get("action")
    if action is None:
        return ([Problem("$.context.actionParameters", "actionParameters need an `action`")]
                if "actionParameters" in context else [])
    if "actionParameters" not in context and action != "CLOSE_CONVERSATION":
        return [Problem("$.context", f"the action {action} needs its `actionParameters`")]
    return _action_problems(action, context.get("actionParameters", {}), FUNCTIONS_ACTIONS,
                            "$.context.actionParameters")


def _intent_problems(intents: list[object], path: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, intent in enumerate(intents):
        ident = intent.get("id") if isinstance(intent, dict) else None
        if not isinstance(ident, str):
            continue
        if _SPACE.search(ident):
            problems.append(Problem(f"{path}[{index}].id", "an intent id has no white space"))
        if ident in seen:
            problems.append(Problem(f"{path}[{index}].id", f"the intent {ident} is listed twice"))
        seen.add(ident)
    return problems


def _is_base64(text: str) -> bool:
    try:
        b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
