"""Lowering `test` blocks to the table's `tests` (docs/TABLE.md `tests`)."""

from __future__ import annotations

from typing import Any

from botc.dsl.ast import (
    BotLine,
    ExpectLine,
    FailsLine,
    ReturnsLine,
    RichContentLine,
    SignalLine,
    StartLine,
    TestCase,
    TestLine,
    UploadLine,
    UserLine,
)

_DEFAULT_STATUS = 200


def lower_test(test: TestCase) -> dict[str, Any]:
    """One entry of `tests`: the test's name, line and lines."""
    return {
        "name": test.name.value,
        "line": test.span.line,
        "lines": [lower_test_line(line) for line in test.lines],
    }


def lower_test_line(line: TestLine) -> dict[str, Any]:
    """One test line as `{"op": ..., "line": ..., <fields>}`."""
    where = line.span.line
    if isinstance(line, StartLine):
        text = line.last_message.value if line.last_message is not None else None
        return {"op": "start", "line": where, "text": text}
    if isinstance(line, UserLine):
        return {"op": "user", "line": where, "text": line.text.value}
    if isinstance(line, UploadLine):
        size = line.size.bytes if line.size is not None else None
        return {"op": "upload", "line": where, "filename": line.filename.value, "size": size}
    if isinstance(line, ReturnsLine):
        return {
            "op": "returns",
            "line": where,
            "integration": line.integration.value,
            "status": line.status if line.status is not None else _DEFAULT_STATUS,
            "body": line.body.value if line.body is not None else None,
        }
    if isinstance(line, FailsLine):
        return {"op": "fails", "line": where, "integration": line.integration.value}
    if isinstance(line, RichContentLine):
        return {"op": "rich_content", "line": where, "content": line.content.value}
    if isinstance(line, SignalLine):
        return {"op": "signal", "line": where, "payload": line.payload.value}
    if isinstance(line, BotLine):
        audience = "agents" if line.to_agents else "consumer"
        return {"op": "bot", "line": where, "text": line.text.value, "audience": audience}
    assert isinstance(line, ExpectLine)
    return {"op": "expect", "line": where, "kind": line.kind, "argument": line.argument}
