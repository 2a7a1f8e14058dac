"""Work queued by callers and done in batches by one thread of a store, and the answers
handed back to the callers' event loops: the SQLite writer's group commits and the Redis
store's pipelines both work this way.

`next_batch` takes what is waiting; `answer_on_loops` resolves the asyncio futures of a
finished batch with one call into each loop (one wake-up of a loop per batch, not one
per caller), reading each reply there.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

Item = TypeVar("Item")

# A caller's future, the reply or the error for it, and how to read a reply into its result.
LoopAnswer = tuple[asyncio.Future[Any], Any, Callable[[Any], Any]]


def next_batch(waiting: queue.SimpleQueue[Item | None], limit: int) -> list[Item] | None:
    """The next item of `waiting` (waiting for one) and every other item queued behind
    it, `limit` at most; None at the stop mark (None). A stop mark met after the first
    item is put back, so the batch is done first and the next call stops."""
    first = waiting.get()
    if first is None:
        return None
    batch = [first]
    while len(batch) < limit:
        try:
            item = waiting.get_nowait()
        except queue.Empty:
            break
        if item is None:
            waiting.put(None)
            break
        batch.append(item)
    return batch


def answer_on_loops(answers: Iterable[LoopAnswer]) -> None:
    """From any thread: on each future's loop, resolve it with `read(reply)`, or with the
    error when the reply is an exception (or `read` raises)."""
    by_loop: dict[asyncio.AbstractEventLoop, list[LoopAnswer]] = {}
    for answer in answers:
        by_loop.setdefault(answer[0].get_loop(), []).append(answer)
    for loop, answered in by_loop.items():
        # a closed loop raises RuntimeError: nobody waits for those answers any more
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_answer_all, answered)


def _answer_all(answered: list[LoopAnswer]) -> None:
    for future, reply, read in answered:
        if future.done():  # its caller gave up (cancelled)
            continue
        if isinstance(reply, Exception):
            future.set_exception(reply)
            continue
        try:
            future.set_result(read(reply))
        except Exception as error:  # a reply that cannot be read (a corrupt record)
            future.set_exception(error)
