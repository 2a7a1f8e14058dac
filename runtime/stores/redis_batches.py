"""Redis commands queued from the event loop and sent in batches by one thread.

A served turn without effects runs on the event loop and needs two Redis commands: the
record's HGET, then the compare-and-set script. Sent one at a time through redis-py,
a command cost 45 to 55 µs of client CPU from a thread and 70 to 100 µs with its asyncio
client (the pool's locks, a write and a read system call, the reply parser), on top of
handing the turn to a thread and back; in a pipeline of 32 it costs 5 to 8 µs. Here the
loop queues the command and awaits an asyncio future; one thread takes every command
waiting, sends them as one pipeline (one write, then every reply read: one round trip
for the whole batch), and hands all the replies back to the loop in one call, which
resolves the futures there. Under load a batch holds the commands of many turns, as
the SQLite writer's group commit holds their writes.

The commands of a batch are independent (no MULTI): each compare-and-set is atomic in
its script, and a batch may hold commands of one conversation in either order.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import attrs
import redis
from redis.commands.core import Script

from botc.runtime.stores.batching import answer_on_loops, next_batch

Value = TypeVar("Value")

# Commands sent in one pipeline at most.
BATCH_LIMIT = 256


@attrs.frozen
class _Command(Generic[Value]):
    """A command's words, how to read its reply, where the answer goes (a future of the
    submitting loop), and the script to load first if Redis has forgotten it (`EVALSHA` after a
    restart)."""

    words: tuple[Any, ...]
    read: Callable[[Any], Value]
    answer: asyncio.Future[Value]
    script: Script | None = None


class CommandBatches:
    """Sends commands submitted on event loops to the Redis of `client` in batches."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._queue: queue.SimpleQueue[_Command[Any] | None] = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_batches, name="botc-redis-batches")
        self._sender.daemon = True
        self._sender.start()

    def submit(self, words: Sequence[Any], read: Callable[[Any], Value]) -> asyncio.Future[Value]:
        """Queue the command `words`; the future (of the running loop) holds
        `read(reply)`, or the error."""
        answer: asyncio.Future[Value] = asyncio.get_running_loop().create_future()
        self._queue.put(_Command(tuple(words), read, answer))
        return answer

    def submit_script(
        self, script: Script, keys: Sequence[Any], args: Sequence[Any], read: Callable[[Any], Value]
    ) -> asyncio.Future[Value]:
        """Queue `script` run on `keys` with `args` (EVALSHA, loading it when needed)."""
        answer: asyncio.Future[Value] = asyncio.get_running_loop().create_future()
        words = ("EVALSHA", script.sha, len(keys), *keys, *args)
        self._queue.put(_Command(words, read, answer, script))
        return answer

    def close(self) -> None:
        """Send what is queued, then stop the thread."""
        self._queue.put(None)
        self._sender.join(timeout=10)

    def _send_batches(self) -> None:
        while (batch := next_batch(self._queue, BATCH_LIMIT)) is not None:
            self._send(batch)

    def _send(self, batch: list[_Command[Any]]) -> None:
        replies: list[Any]
        try:
            replies = self._replies(batch)
            forgotten = [
                index
                for index, reply in enumerate(replies)
                if isinstance(reply, redis.exceptions.NoScriptError)
            ]
            if forgotten:  # Redis restarted or flushed its scripts: load them, send again
                scripts = {batch[index].script for index in forgotten}
                for script in scripts:
                    if script is not None:
                        self._client.script_load(script.script)
                sent_again = self._replies([batch[index] for index in forgotten])
                for index, reply in zip(forgotten, sent_again, strict=True):
                    replies[index] = reply
        except Exception as error:  # Redis unreachable: every caller of the batch hears why
            replies = [error] * len(batch)
        answer_on_loops(
            (command.answer, reply, command.read)
            for command, reply in zip(batch, replies, strict=True)
        )

    def _replies(self, batch: Sequence[_Command[Any]]) -> list[Any]:
        pipeline = self._client.pipeline(transaction=False)
        for command in batch:
            pipeline.execute_command(*command.words)
        replies: list[Any] = pipeline.execute(raise_on_error=False)
        return replies

