"""Uploads through the service: answered at once when quick, with the next reply when slow."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from botc.runtime.stores import open_store
from service.api import create, post, says, text
from service.conftest import SERVICE_BOT
from service.processes import BankServer, BotServer

PROGRESS = "Processing the file..."
SUCCESS = "Successfully processed the file."


def hosted_file() -> dict[str, object]:
    content = base64.b64encode(b"%PDF-1.4 test").decode()
    return {
        "type": "hosted-file",
        "source": "CONSUMER",
        "data": {"relativePath": "id-card.pdf", "fileType": "PDF", "content": content},
    }


def serve(tmp_path: Path, upload_wait: str, port: int | None = None) -> BotServer:
    return BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        [
            "--store",
            f"sqlite:///{tmp_path}/conversations.db",
            "--bot-id",
            "b1",
            "--upload-wait",
            upload_wait,
        ],
        port=port,
    )


@pytest.fixture
def slow_bank() -> Iterator[BankServer]:
    bank = BankServer(upload_seconds=1.0)
    yield bank
    bank.stop()


def test_quick_upload_is_answered_in_the_same_reply(tmp_path: Path, bank: BankServer) -> None:
    server = serve(tmp_path, "15")  # generous: a loaded CI machine must not split the reply
    try:
        with server.client() as client:
            create(client, "c1", bankPort=bank.port)
            assert says(post(client, "c1", text("document"))) == ["Please send the document."]
            assert says(post(client, "c1", hosted_file())) == [PROGRESS, SUCCESS, "Got your file."]
    finally:
        server.stop()
    assert bank.uploads == 1


def test_slow_upload_goes_out_with_the_next_reply(tmp_path: Path, slow_bank: BankServer) -> None:
    server = serve(tmp_path, "0.1")
    try:
        with server.client() as client:
            create(client, "c1", bankPort=slow_bank.port)
            post(client, "c1", text("document"))
            assert says(post(client, "c1", hosted_file())) == [PROGRESS]
            time.sleep(1.5)
            assert says(post(client, "c1", text("count"))) == [
                SUCCESS,
                "Got your file.",
                "Count is 1.",
            ]
            assert says(post(client, "c1", text("count"))) == ["Count is 2."]
    finally:
        server.stop()
    assert slow_bank.uploads == 1


def test_upload_in_flight_at_kill_9_is_finished_after_restart(
    tmp_path: Path, slow_bank: BankServer
) -> None:
    server = serve(tmp_path, "0.1")
    with server.client() as client:
        create(client, "c1", bankPort=slow_bank.port)
        post(client, "c1", text("document"))
        assert says(post(client, "c1", hosted_file())) == [PROGRESS]
    server.kill()
    restarted = serve(tmp_path, "0.1", port=server.port)
    try:
        store = open_store(f"sqlite:///{tmp_path}/conversations.db")
        deadline = time.monotonic() + 10
        while (record := store.load("b1/draft/c1")) is not None and not record.outbox:
            assert time.monotonic() < deadline, "the orphaned upload was never finished"
            time.sleep(0.05)
        store.close()
        with restarted.client() as client:
            assert says(post(client, "c1", text("count"))) == [
                SUCCESS,
                "Got your file.",
                "Count is 1.",
            ]
    finally:
        log = restarted.stop()
    assert "restarting an orphaned upload" in log
