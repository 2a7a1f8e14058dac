"""Writing a replayed conversation back as a `test` block (LANGUAGE.md 7), ready to paste.

Each turn becomes its input line, preceded by the `NAME returns ...` / `NAME fails` lines
of the calls it made, and followed by the expectations that pin down what the bot
answered (`bot "..."`, `agents "..."`, `expect ...`, or `expect nothing`). A finding is
written as a comment above the turn that shows it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from botc.runtime.drivers.stubs import Outcome
from botc.runtime.testing.expectations import describe, item_kind, quote
from botc.runtime.testing.stepping import TableData
from botc.runtime.testing.trace import Trace
from botc.runtime.wire.events import HOSTED_FILE, RICH_CONTENT, SIGNAL, START, TEXT, Event

_KB = 1024
_MB = 1024 * 1024


def size_text(size: int) -> str:
    """A byte count as a `.bot` size (`120kb`, `5mb`); sizes under 1 kb are written `1kb`."""
    if size % _MB == 0:
        return f"{size // _MB}mb"
    return f"{max(1, -(-size // _KB))}kb"


def event_line(event: Event) -> str:
    """The test line that sends `event`."""
    kind = event.type
    data = event.data
    if kind == TEXT:
        return f"user {quote(str(data.get('message', '')))}"
    if kind == START:
        last = (event.context.get("lpEvent") or {}).get("lastConsumerMessage")
        return "start" if last is None else f"start {quote(str(last))}"
    if kind == HOSTED_FILE:
        line = f"upload {quote(str(data.get('relativePath', '')))}"
        size = data.get("size")
        return line if size is None else f"{line} size {size_text(int(size))}"
    if kind == RICH_CONTENT:
        return f"rich content {_json(data.get('content'))}"
    if kind == SIGNAL:
        return f"signal {quote(str(data.get('content', '')))}"
    return f"# (an event a test block cannot send: {_json(event.to_json())})"


def outcome_line(integration: str, outcome: Outcome) -> str:
    """The `NAME returns ...` / `NAME fails` line that scripts `outcome`."""
    if outcome.error is not None:
        return f"{integration} fails"
    status = "" if outcome.status == 200 else f" status {outcome.status}"
    body = "" if outcome.body is None else f" {_json(outcome.body)}"
    return f"{integration} returns{status}{body}"


def expectation_lines(items: tuple[dict[str, Any], ...], functions: Mapping[str, Any]) -> list[str]:
    """The expectations that hold for a response, item by item (`expect nothing` if empty)."""
    if not items:
        return ["expect nothing"]
    by_lambda = {str(spec.get("lambda_uuid")): name for name, spec in functions.items()}
    lines = []
    for item in items:
        if item_kind(item) == "invoke":
            parameters = (item.get("data") or {}).get("parameters") or {}
            name = by_lambda.get(str(parameters.get("lambdaUuid")))
            lines.append(f"expect invoke {name}" if name else "expect invoke")
        elif item_kind(item) == "card":
            lines.append("expect card")
        elif item_kind(item) in ("bot", "agents"):
            lines.append(describe(item))
        else:
            lines.append(f"expect {_expressible(item)}")
    return lines


def _expressible(item: dict[str, Any]) -> str:
    """What an `expect` line can say of `item`: its description, less the arguments the
    test language has no words for (a skill by name, a custom priority's seconds)."""
    parameters = (item.get("data") or {}).get("parameters") or {}
    kind = item_kind(item)
    if kind == "transfer" and "skillId" not in parameters:
        return "transfer"
    if kind == "priority" and str(parameters.get("ttrType", "")).lower() == "custom":
        return "priority custom"
    return describe(item)


def as_test_block(
    table: TableData,
    trace: Trace,
    *,
    name: str,
    notes: Mapping[int, str] | None = None,
) -> str:
    """The `test "name"` block that replays `trace` and expects what it showed.

    `notes` maps a turn index to a comment written above that turn (the finding).
    """
    functions = table.get("functions") or {}
    lines = [f"test {quote(name)}"]
    for index, turn in enumerate(trace.turns):
        note = (notes or {}).get(index)
        if note:
            lines.extend(f"# {part}" for part in note.splitlines())
        for call in turn.calls:
            if call.outcome is not None:
                lines.append(outcome_line(call.integration, call.outcome))
        lines.append(event_line(turn.event))
        if turn.unscripted is None:
            lines.extend(expectation_lines(turn.items, functions))
    return "\n".join([lines[0], *("    " + line for line in lines[1:])]) + "\n"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
