"""How a response reads in a terminal (`botc chat`): one or more lines per response item.

Texts are shown as the consumer would see them, private texts marked `[to agents]`,
quick replies as `[Small] [Large]`, cards as a short text rendering of their json-pollock
elements, pauses as `(pause 4s, typing)`, and actions as `→ TRANSFER to skill 1234`.
Pure functions: data in, lines out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

BOT_PREFIX: Final = "bot: "
_INDENT: Final = " " * len(BOT_PREFIX)


def render_items(
    items: tuple[dict[str, Any], ...] | list[dict[str, Any]],
    function_names: Mapping[str, str] | None = None,
) -> list[str]:
    """The terminal lines for Custom Endpoint response items (WIRE.md 2); `function_names`
    maps a lambdaUuid to the bot's name for it, for INVOKE_FUNCTION."""
    lines: list[str] = []
    for item in items:
        lines.extend(render_item(item, function_names or {}))
    return lines


def render_item(item: Mapping[str, Any], function_names: Mapping[str, str]) -> list[str]:
    """The lines for one response item."""
    kind = item.get("type")
    data = item.get("data")
    data = data if isinstance(data, Mapping) else {}
    if kind == "TEXT":
        return _text(data)
    if kind == "STRUCTURED_CONTENT":
        return _structured(data.get("structuredContent"))
    if kind == "DELAY":
        typing = ", typing" if data.get("typing", True) else ""
        return [f"{_INDENT}(pause {data.get('seconds')}s{typing})"]
    if kind == "ACTION":
        return [f"→ {_action(data, function_names)}"]
    return [f"{BOT_PREFIX}{json.dumps(dict(item), ensure_ascii=False)}"]


def _text(data: Mapping[str, Any]) -> list[str]:
    message = str(data.get("message", ""))
    marker = "[to agents] " if data.get("messageAudience") == "AGENTS_AND_MANAGERS" else ""
    first, *rest = message.split("\n") or [""]
    return [f"{BOT_PREFIX}{marker}{first}", *(_INDENT + line for line in rest)]


def _structured(content: Any) -> list[str]:
    if isinstance(content, Mapping) and "quickReplies" in content:
        replies = content.get("quickReplies")
        replies = replies if isinstance(replies, Mapping) else {}
        buttons = " ".join(
            f"[{reply.get('title', '')}]"
            for reply in replies.get("replies", [])
            if isinstance(reply, Mapping)
        )
        return [*_text({"message": content.get("message", "")}), _INDENT + buttons]
    body = card_lines(content)
    return [f"{BOT_PREFIX}[card]", *(_INDENT + "  " + line for line in body)]


def card_lines(element: Any) -> list[str]:
    """A short text rendering of a json-pollock element: one line per text, button,
    image or map; a horizontal layout on one line joined by ` | `."""
    if not isinstance(element, Mapping):
        return []
    kind = element.get("type")
    children = element.get("elements")
    children = children if isinstance(children, list) else []
    if kind == "horizontal":
        parts = [" ".join(card_lines(child)) for child in children]
        return [" | ".join(part for part in parts if part)]
    if kind == "carousel":
        lines: list[str] = []
        for number, child in enumerate(children, start=1):
            lines.append(f"-- {number} --")
            lines.extend(card_lines(child))
        return lines
    if kind == "vertical" or children:
        return [line for child in children for line in card_lines(child)]
    return [_leaf(kind, element)]


def _leaf(kind: Any, element: Mapping[str, Any]) -> str:
    if kind == "text":
        return str(element.get("text", ""))
    if kind == "button":
        return f"[{element.get('title', '')}]"
    if kind == "image":
        caption = element.get("caption")
        return f"[image {element.get('url', '')}{f' {caption}' if caption else ''}]"
    if kind == "map":
        return f"[map {element.get('la')},{element.get('lo')}]"
    return f"[{kind}]"


def _action(data: Mapping[str, Any], function_names: Mapping[str, str]) -> str:
    name = str(data.get("name"))
    parameters = data.get("parameters")
    parameters = parameters if isinstance(parameters, Mapping) else {}
    if name == "TRANSFER":
        if "skillName" in parameters:
            target = f"to skill named {parameters['skillName']}"
        else:
            target = f"to skill {parameters.get('skillId')}"
        agent = f" agent {parameters['agentId']}" if "agentId" in parameters else ""
        context = parameters.get("transferContext")
        with_context = f" with context {_json(context)}" if context else ""
        return f"TRANSFER {target}{agent}{with_context}"
    if name == "CLOSE_CONVERSATION":
        return "CLOSE_CONVERSATION" + (" without survey" if parameters.get("withoutPcs") else "")
    if name == "CHANGE_TTR":
        value = f" {parameters['value']}s" if "value" in parameters else ""
        return f"CHANGE_TTR {parameters.get('ttrType')}{value}"
    if name == "INVOKE_FUNCTION":
        uuid = str(parameters.get("lambdaUuid"))
        payload = parameters.get("payload")
        shown = f" {_json(payload)}" if payload else ""
        return f"INVOKE_FUNCTION {function_names.get(uuid, uuid)}{shown}"
    if name == "SIGNAL":
        return f"SIGNAL {_json(parameters.get('payload'))}"
    if name == "SEND_SECURE_FORM":
        return f"SEND_SECURE_FORM {parameters.get('formId')} {_json(parameters.get('title'))}"
    return f"{name} {_json(dict(parameters))}" if parameters else name


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
