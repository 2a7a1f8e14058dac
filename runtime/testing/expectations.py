"""Response items seen the way a `test` block sees them, and whether an expectation holds.

Each WIRE.md 2 item has a *kind* in the test language's words: `bot` (a message the
consumer sees: a TEXT, or the text of quick replies), `agents` (a private TEXT), `card`,
`pause`, and one per ACTION (`transfer`, `close`, `invoke`, `signal`, `secure form`,
`priority`). `describe` prints an item as the test line that would expect it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

AGENTS_AUDIENCE = "AGENTS_AND_MANAGERS"

_ACTION_KINDS = {
    "TRANSFER": "transfer",
    "CLOSE_CONVERSATION": "close",
    "INVOKE_FUNCTION": "invoke",
    "SIGNAL": "signal",
    "SEND_SECURE_FORM": "secure form",
    "CHANGE_TTR": "priority",
}
_DURATION = re.compile(r"^\s*(\d+)\s*(ms|s|m)\s*$")
_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000}


def item_kind(item: Mapping[str, Any]) -> str:
    """The test-language kind of a response item (`bot`, `agents`, `card`, `transfer`, ...)."""
    kind = item.get("type")
    data = item.get("data") or {}
    if kind == "TEXT":
        return "agents" if data.get("messageAudience") == AGENTS_AUDIENCE else "bot"
    if kind == "STRUCTURED_CONTENT":
        content = data.get("structuredContent") or {}
        return "bot" if isinstance(content, dict) and "quickReplies" in content else "card"
    if kind == "DELAY":
        return "pause"
    if kind == "ACTION":
        return _ACTION_KINDS.get(str(data.get("name")), "action")
    return "unknown"


def item_text(item: Mapping[str, Any]) -> str | None:
    """The message text of a `bot` or `agents` item, else None."""
    data = item.get("data") or {}
    if item.get("type") == "TEXT":
        message = data.get("message")
        return message if isinstance(message, str) else None
    content = data.get("structuredContent")
    if isinstance(content, dict) and "quickReplies" in content:
        message = content.get("message")
        return message if isinstance(message, str) else None
    return None


def is_action(item: Mapping[str, Any]) -> bool:
    """True for an ACTION item (TRANSFER included)."""
    return item.get("type") == "ACTION"


def text_matches(expected: str, actual: str) -> bool:
    """Whether `actual` is exactly `expected`, where `*` in `expected` matches any run."""
    pattern = ".*".join(re.escape(part) for part in expected.split("*"))
    return re.fullmatch(pattern, actual, flags=re.DOTALL) is not None


def duration_seconds(text: str) -> int | None:
    """Whole seconds (at least 1) of a duration as written (`4s`, `250ms`), or None."""
    match = _DURATION.match(text)
    if match is None:
        return None
    milliseconds = int(match.group(1)) * _UNIT_MS[match.group(2)]
    return max(1, milliseconds // 1000)


def argument_holds(
    kind: str, argument: str | None, item: Mapping[str, Any], functions: Mapping[str, Any]
) -> bool:
    """Whether the `expect KIND ARGUMENT` argument agrees with an item of that kind.

    `functions` is the table's `functions` section, to find an `invoke NAME`'s lambda.
    """
    if argument is None:
        return True
    data = item.get("data") or {}
    parameters = data.get("parameters") or {}
    if kind == "transfer":
        target = parameters.get("skillId", parameters.get("skillName"))
        return str(target) == argument.strip()
    if kind == "pause":
        return data.get("seconds") == duration_seconds(argument)
    if kind == "invoke":
        function = functions.get(argument.strip()) or {}
        return parameters.get("lambdaUuid") == function.get("lambda_uuid")
    if kind == "secure form":
        return str(parameters.get("formId")) == argument.strip()
    if kind == "priority":
        return _priority_holds(argument, parameters)
    return True


def _priority_holds(argument: str, parameters: Mapping[str, Any]) -> bool:
    words = argument.split()
    if not words or str(parameters.get("ttrType", "")).upper() != words[0].upper():
        return False
    if words[0].lower() == "custom" and len(words) > 1:
        seconds = duration_seconds(words[1])
        return parameters.get("value") == seconds
    return True


def describe(item: Mapping[str, Any]) -> str:
    """An item in the test language's words (`bot "Hi"`, `transfer to skill 1234`); prefixed
    with `expect`, any item other than a `bot`/`agents` message is the line that expects it."""
    kind = item_kind(item)
    data = item.get("data") or {}
    parameters = data.get("parameters") or {}
    if kind in ("bot", "agents"):
        return f"{kind} {quote(item_text(item) or '')}"
    if kind == "card":
        return f"card {compact_json(data.get('structuredContent'))}"
    if kind == "pause":
        return f"pause {data.get('seconds')}s"
    if kind == "transfer":
        target = parameters.get("skillId", parameters.get("skillName"))
        return f"transfer to skill {target}"
    if kind == "priority":
        level = str(parameters.get("ttrType", "")).lower()
        if level == "custom":
            return f"priority custom {parameters.get('value')}s"
        return f"priority {level}"
    if kind == "secure form":
        return f"secure form {parameters.get('formId')}"
    if kind == "invoke":
        return f"invoke (lambda {parameters.get('lambdaUuid')})"
    if kind in ("close", "signal"):
        return kind
    return compact_json(item)


def quote(text: str) -> str:
    """`text` as a `.bot` string literal (LANGUAGE.md 2 escapes; other controls as \\uXXXX)."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def compact_json(value: Any) -> str:
    """`value` as one-line JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
