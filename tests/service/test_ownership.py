"""Claims and pending uploads: who holds them, and when another worker may take over."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from botc.runtime.server.ownership import held_by_another, lease, new_owner
from botc.runtime.turn import split_at_second_action, unique_intents

HOST = socket.gethostname()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_own_claim_does_not_block() -> None:
    me = new_owner()
    assert not held_by_another(lease(me, 10**10), me, 0)


def test_live_claim_of_another_process_blocks() -> None:
    other = f"{HOST}:{os.getpid()}:other"
    assert held_by_another(lease(other, 200.0), new_owner(), 100.0)


def test_expired_claim_does_not_block() -> None:
    other = f"{HOST}:{os.getpid()}:other"
    assert not held_by_another(lease(other, 99.0), new_owner(), 100.0)


def test_claim_of_a_dead_process_on_this_host_does_not_block() -> None:
    assert not held_by_another(lease(f"{HOST}:{dead_pid()}:gone", 10**10), new_owner(), 0)


def test_claim_of_another_host_blocks_until_its_lease_ends() -> None:
    assert held_by_another(lease("elsewhere.example:1:x", 200.0), new_owner(), 100.0)


def test_no_claim_does_not_block() -> None:
    assert not held_by_another(None, new_owner(), 0)


def action(name: str) -> dict[str, object]:
    return {"type": "ACTION", "data": {"name": name, "parameters": {}}}


def say(message: str) -> dict[str, object]:
    return {"type": "TEXT", "data": {"message": message}}


def test_one_action_goes_out_whole() -> None:
    items = [say("a"), action("TRANSFER"), say("b")]
    assert split_at_second_action(items) == (tuple(items), ())


def test_second_action_and_what_follows_wait() -> None:
    items = [say("a"), action("TRANSFER"), say("b"), action("CLOSE_CONVERSATION"), say("c")]
    assert split_at_second_action(items) == (tuple(items[:3]), tuple(items[3:]))


def test_intents_are_listed_once_in_order() -> None:
    first = {"id": "a", "description": "", "confidenceScore": 1}
    second = {"id": "b", "description": "", "confidenceScore": 1}
    assert unique_intents([first, second, first]) == (first, second)
