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
its script, and a batch may hold commands of one conversation in either order. The
calls of a `MergedScript` in one batch go as one call of the script, which runs them in
the order they were submitted and answers one reply each. Should Redis fail that call
as a whole (a script error, a lost connection), every call in it hears the error, and
writes it made before failing may have landed: a turn told so is retried by the
connector, whose retry finds the write (the mark and the kept reply) or makes it.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

import attrs
import redis
from redis.commands.core import Script

from botc.runtime.stores.batching import answer_on_loops, next_batch

Value = TypeVar("Value")

# Commands sent in one pipeline at most.
BATCH_LIMIT = 256


@attrs.frozen(eq=False)
class MergedScript:
    """A Lua script that runs any number of calls in one `EVALSHA`: its KEYS are
    `shared_keys` then each call's keys, its ARGV `shared_args` then each call's
    arguments (the same count of each per call), and it answers a list, one reply per
    call in order."""

    script: Script
    shared_keys: tuple[str, ...]
    shared_args: tuple[Any, ...]

    def words(self, calls: Sequence[tuple[Sequence[Any], Sequence[Any]]]) -> tuple[Any, ...]:
        """The `EVALSHA` of `calls` (each its keys and arguments)."""
        keys = [key for call_keys, _ in calls for key in call_keys]
        args = [arg for _, call_args in calls for arg in call_args]
        count = len(self.shared_keys) + len(keys)
        return (
            "EVALSHA", self.script.sha, count, *self.shared_keys, *keys, *self.shared_args, *args
        )

    def call(self, client: Any, keys: Sequence[Any], args: Sequence[Any]) -> list[Any]:
        """One call from this thread, loading the script when Redis has forgotten it."""
        replies: list[Any] = self.script(
            keys=[*self.shared_keys, *keys], args=[*self.shared_args, *args], client=client
        )
        return replies


@attrs.frozen
class _Command(Generic[Value]):
    """A command's words (for a call of a `MergedScript`, `merged`, the call's keys and
    arguments), how to read its reply, where the answer goes (a future of the
    submitting loop), and the script to load first if Redis has forgotten it (`EVALSHA`
    after a restart)."""

    words: tuple[Any, ...]
    read: Callable[[Any], Value]
    answer: asyncio.Future[Value]
    script: Script | None = None
    merged: MergedScript | None = None


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

    def submit_call(
        self,
        merged: MergedScript,
        keys: Sequence[Any],
        args: Sequence[Any],
        read: Callable[[Any], Value],
    ) -> asyncio.Future[Value]:
        """Queue a call of `merged` on `keys` with `args`: it goes with the batch's other
        calls of that script, as one `EVALSHA`; the future holds `read(its reply)`."""
        answer: asyncio.Future[Value] = asyncio.get_running_loop().create_future()
        self._queue.put(_Command((tuple(keys), tuple(args)), read, answer, merged.script, merged))
        return answer

    def close(self) -> None:
        """Send what is queued, then stop the thread."""
        self._queue.put(None)
        self._sender.join(timeout=10)

    def _send_batches(self) -> None:
        while (batch := next_batch(self._queue, BATCH_LIMIT)) is not None:
            self._send(batch)

    def _send(self, batch: list[_Command[Any]]) -> None:
        sent = _merged(batch)
        replies: list[Any]
        try:
            replies = self._replies(sent)
            forgotten = [
                index
                for index, reply in enumerate(replies)
                if isinstance(reply, redis.exceptions.NoScriptError)
            ]
            if forgotten:  # Redis restarted or flushed its scripts: load them, send again
                scripts = {sent[index].script for index in forgotten}
                for script in scripts:
                    if script is not None:
                        self._client.script_load(script.script)
                sent_again = self._replies([sent[index] for index in forgotten])
                for index, reply in zip(forgotten, sent_again, strict=True):
                    replies[index] = reply
        except Exception as error:  # Redis unreachable: every caller of the batch hears why
            replies = [error] * len(sent)
        answer_on_loops(
            (command.answer, reply, command.read)
            for sending, reply in zip(sent, replies, strict=True)
            for command, reply in _answers(sending, reply)
        )

    def _replies(self, batch: Sequence[_Sending]) -> list[Any]:
        pipeline = self._client.pipeline(transaction=False)
        for sending in batch:
            pipeline.execute_command(*sending.words)
        replies: list[Any] = pipeline.execute(raise_on_error=False)
        return replies


@attrs.frozen
class _Sending:
    """One command as sent: its words, the script it runs (to load when forgotten), and
    the submitted commands it answers (several for a merged script call)."""

    words: tuple[Any, ...]
    script: Script | None
    commands: tuple[_Command[Any], ...]
    merged: bool


def _merged(batch: Sequence[_Command[Any]]) -> list[_Sending]:
    """`batch` as sent: each plain command alone, the calls of each `MergedScript` as
    one command (where its first call was), in the order submitted."""
    calls: dict[MergedScript, list[_Command[Any]]] = {}
    order: list[_Command[Any] | MergedScript] = []
    for command in batch:
        if command.merged is None:
            order.append(command)
            continue
        if command.merged not in calls:
            calls[command.merged] = []
            order.append(command.merged)
        calls[command.merged].append(command)
    return [
        _Sending(item.words, item.script, (item,), merged=False)
        if isinstance(item, _Command)
        else _Sending(
            item.words([call.words for call in calls[item]]),
            item.script,
            tuple(calls[item]),
            merged=True,
        )
        for item in order
    ]


def _answers(sending: _Sending, reply: Any) -> Iterator[tuple[_Command[Any], Any]]:
    """Each submitted command of `sending` with its own reply: a merged call's list is
    shared out in order; an error (or a reply of the wrong shape) goes to all."""
    if not sending.merged:
        yield sending.commands[0], reply
        return
    if isinstance(reply, list) and len(reply) == len(sending.commands):
        yield from zip(sending.commands, reply, strict=True)
        return
    if not isinstance(reply, BaseException):
        reply = redis.exceptions.ResponseError(f"the merged script answered {reply!r}")
    for command in sending.commands:
        yield command, reply
