"""Driving `step` by hand in tests: `Chat` and helpers to read outputs.

`Chat` feeds events to `step` one at a time (effects are *not* performed: a test answers
them with `chat.result(...)`), and after every call checks what must always hold: the
response validates against LivePerson's schemas and the state survives a JSON round trip.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from vendor_schemas import validate_bot_response

from botc.runtime.interpreter import Output, step
from botc.runtime.loading import Table
from botc.runtime.state import ConversationState
from botc.runtime.wire import custom_endpoint
from botc.runtime.wire.events import parse_event

JsonDict = dict[str, Any]


def compile_table(text: str, directory: Path, *, target: str = "custom-endpoint") -> JsonDict:
    """The table the real compiler makes of `.bot` `text` (dedented); fails the test with
    the diagnostics when it does not compile."""
    from botc import compiler
    path = directory / "bot.bot"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    result = compiler.compile_file(path, target=target)
    problems = [f"{d.span.line}: {d.message}" for d in result.diagnostics if d.severity == "error"]
    assert result.table is not None, "the bot does not compile:\n" + "\n".join(problems)
    return result.table  # type: ignore[no-any-return]


def compile_text(text: str, *, filename: str = "bot.bot") -> JsonDict:
    """The table of `.bot` `text` compiled in memory (for module-level fixtures)."""
    from botc import compiler
    result = compiler.compile_source(textwrap.dedent(text).lstrip("\n"), filename)
    problems = [f"{d.span.line}: {d.message}" for d in result.diagnostics if d.severity == "error"]
    assert result.table is not None, "the bot does not compile:\n" + "\n".join(problems)
    return result.table  # type: ignore[no-any-return]


class Chat:
    """One conversation driven through `step` by hand."""

    def __init__(self, table: Table, state: ConversationState | None = None) -> None:
        self.table = table
        self.state = state or ConversationState.initial()
        self.outputs: list[Output] = []

    def send(self, event: JsonDict) -> Output:
        self.state, output = step(self.table, self.state, parse_event(event))
        validate_bot_response(custom_endpoint.response(output.items, output.intents))
        round_trip = ConversationState.from_json(json.loads(json.dumps(self.state.to_json())))
        assert round_trip == self.state
        self.outputs.append(output)
        return output

    def start(self, last_message: str | None = None) -> Output:
        context = {"lpEvent": {"lastConsumerMessage": last_message}} if last_message else {}
        return self.send({"type": "START", "data": {}, "context": context})

    def user(self, text: str) -> Output:
        return self.send({"type": "TEXT", "data": {"message": text}})

    def result(self, effect_id: str | None = None, **outcome: Any) -> Output:
        """The outcome of `effect_id` (default: the call the state waits for)."""
        if effect_id is None:
            assert self.state.wait is not None and self.state.wait.effect is not None
            effect_id = self.state.wait.effect
        return self.send({"type": "EFFECT_RESULT", "data": {"id": effect_id, **outcome}})

    def file(self, path: str, *, size: int | None = None, file_type: str | None = None) -> Output:
        data: JsonDict = {"relativePath": path}
        if size is not None:
            data["size"] = size
        if file_type is not None:
            data["fileType"] = file_type
        return self.send({"type": "hosted-file", "data": data})


def texts(output: Output) -> list[str]:
    """The messages of an output's TEXT items and quick-reply messages, in order."""
    found = []
    for item in output.items:
        data = item["data"]
        if item["type"] == "TEXT":
            found.append(data["message"])
        elif item["type"] == "STRUCTURED_CONTENT" and "quickReplies" in data["structuredContent"]:
            found.append(data["structuredContent"]["message"])
    return found


def kinds(output: Output) -> list[str]:
    """Each item's type, with the action's name for an ACTION (`ACTION:TRANSFER`)."""
    return [
        f"ACTION:{item['data']['name']}" if item["type"] == "ACTION" else item["type"]
        for item in output.items
    ]


def actions(output: Output) -> list[JsonDict]:
    return [item["data"] for item in output.items if item["type"] == "ACTION"]
