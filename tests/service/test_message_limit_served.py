"""`botc serve --max-message-chars N` (issue 9, item 3), over real sockets: a consumer text
past N characters is cut to N before the bot reads it, and a runtime fault is logged, as
`botc run --max-message-chars` does; the default is `MAX_MESSAGE_CHARS`."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from botc.runtime.limits import MAX_MESSAGE_CHARS
from service.api import create, post, says, text
from service.conftest import SERVICE_BOT
from service.processes import BotServer

LIMIT = 5  # "count" is five characters


def _server(folder: Path, *arguments: str) -> BotServer:
    return BotServer(
        SERVICE_BOT,
        folder / "serve.log",
        ["--store", f"sqlite:///{folder}/c.db", "--bot-id", "b1", *arguments],
    )


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    server = _server(tmp_path_factory.mktemp("capped"), "--max-message-chars", str(LIMIT))
    yield server
    server.stop()


def _faults(server: BotServer, conversation: str) -> list[dict[str, Any]]:
    """The `runtime fault` log lines of `conversation` (the log is written as it goes)."""
    deadline = time.monotonic() + 5
    while True:
        lines = [json.loads(line) for line in server.log_path.read_text().splitlines() if line]
        faults = [
            line
            for line in lines
            if line.get("message") == "runtime fault" and conversation in str(line.get("key"))
        ]
        if faults or time.monotonic() > deadline:
            return faults
        time.sleep(0.05)


def test_a_text_past_the_limit_is_cut_to_it_before_the_bot_reads_it(
    capped: BotServer, conversation: str
) -> None:
    with capped.client() as client:
        create(client, conversation)
        # only "count" is read: the exact pattern `count` matches the cut text
        assert says(post(client, conversation, text("count and then some"))) == ["Count is 1."]


def test_a_cut_text_logs_a_fault_naming_both_lengths(capped: BotServer, conversation: str) -> None:
    with capped.client() as client:
        create(client, conversation)
        post(client, conversation, text("count" + "x" * 95))
    faults = _faults(capped, conversation)
    assert [fault["fault"] for fault in faults] == [
        f"the consumer's message has 100 characters; the bot read only the first {LIMIT}"
    ]


def test_a_text_within_the_limit_is_read_whole_without_a_fault(
    capped: BotServer, conversation: str
) -> None:
    with capped.client() as client:
        create(client, conversation)
        assert says(post(client, conversation, text("count"))) == ["Count is 1."]
        assert says(post(client, conversation, text("coun"))) == ["Sorry?"]
    assert _faults(capped, conversation) == []


def test_without_the_option_the_default_limit_applies(tmp_path: Path, conversation: str) -> None:
    server = _server(tmp_path)
    try:
        with server.client() as client:
            create(client, conversation)
            assert says(post(client, conversation, text("count" + " " * MAX_MESSAGE_CHARS))) == [
                "Count is 1."
            ]
        [fault] = _faults(server, conversation)
        assert fault["fault"] == (
            f"the consumer's message has {MAX_MESSAGE_CHARS + 5} characters; the bot read "
            f"only the first {MAX_MESSAGE_CHARS}"
        )
    finally:
        server.stop()


def test_a_limit_below_one_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="--max-message-chars: must be at least 1, not 0"):
        _server(tmp_path, "--max-message-chars", "0")
