"""A response's head and body go to the transport in one write (`protocol.OneSendTransport`)."""

from __future__ import annotations

import asyncio

from botc.runtime.server.protocol import OneSendTransport


class RecordingTransport:
    """The writes a transport was given, and whether it was closed."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str) -> str:
        return f"info {name}"


def writes_after(actions: list[str]) -> tuple[list[bytes], bool]:
    """Run `actions` ("head", "body", "close", "tick") on a `OneSendTransport`, in one loop."""
    transport = RecordingTransport()

    async def run() -> None:
        sending = OneSendTransport(transport, asyncio.get_running_loop())  # type: ignore[arg-type]
        for action in actions:
            if action == "tick":
                await asyncio.sleep(0)
            elif action == "close":
                sending.close()
            else:
                sending.write(action.encode())
        await asyncio.sleep(0)

    asyncio.run(run())
    return transport.writes, transport.closed


def test_a_head_and_its_body_are_one_write() -> None:
    assert writes_after(["head", "body"]) == ([b"headbody"], False)


def test_a_head_alone_is_written_at_the_end_of_the_loop_iteration() -> None:
    assert writes_after(["head", "tick"]) == ([b"head"], False)


def test_a_body_written_in_a_later_iteration_follows_the_head_written_before() -> None:
    assert writes_after(["head", "tick", "body"]) == ([b"head", b"body"], False)


def test_closing_writes_the_held_head_first() -> None:
    assert writes_after(["head", "close"]) == ([b"head"], True)


def test_the_writes_after_the_first_pair_are_paired_again() -> None:
    assert writes_after(["head", "body", "head", "body"]) == ([b"headbody", b"headbody"], False)


def test_other_attributes_are_the_transports() -> None:
    async def read() -> str:
        sending = OneSendTransport(RecordingTransport(), asyncio.get_running_loop())  # type: ignore[arg-type]
        return str(sending.get_extra_info("peername"))

    assert asyncio.run(read()) == "info peername"
