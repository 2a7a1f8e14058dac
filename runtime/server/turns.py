"""Running one event of a conversation against the store, exactly once.

A turn loads the record, runs the event through `runtime.turn_loop.run_turn` (the loop
every driver shares: `step`, effects performed and fed back, outputs merged), and writes
the new state, the outbox and the reply in one compare-and-set. The state is decoded
once before the turn and encoded once after it. A turn whose first step emits effects
first *claims* the conversation (a write of its own, from `run_turn`'s `on_emitted`
hook), so that no other worker runs a turn of it — and repeats those effects — until it
is done. Integration calls are performed at once; uploads start on upload threads as
soon as they are emitted and are waited for a while (`upload_wait_seconds`): one not
done by then is finished by a later turn of its own, its items going to the outbox. A
lost compare-and-set means another worker wrote first: the turn runs again on the new
state, and a retried event (same `lpEvent.sequence`) then finds its stored reply.

Retries: each record holds the high-water mark `applied`, the highest sequence whose
turn ran. An event whose sequence is not above it runs no turn, however old it is: it
gets the reply kept for that sequence (`REPLAYED`), or, when none is kept (older than
the kept window, or never run because a newer event was applied first), an empty
response (`SUPERSEDED`).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from concurrent.futures import Future
from typing import Any, Final

import attrs

from botc.runtime.defaults import MAX_STEP_CALLS_PER_TURN
from botc.runtime.drivers.performer import Performer
from botc.runtime.drivers.session import TurnError
from botc.runtime.faults import Fault
from botc.runtime.json_types import JsonDict
from botc.runtime.server.engine import Engine, stepping_of
from botc.runtime.server.logs import service_logger
from botc.runtime.server.ownership import (
    CLAIM_LEASE_SECONDS,
    UPLOAD_GRACE_SECONDS,
    held_by_another,
    lease,
)
from botc.runtime.server.turn_effects import ON_THE_LOOP, HasEffects, TurnEffects
from botc.runtime.server.uploads import UploadRunner
from botc.runtime.stores import ConversationRecord, ConversationStore, RecordTooLarge, StoredReply
from botc.runtime.turn import split_at_second_action
from botc.runtime.turn_loop import EmittedHook, TurnPerformer, TurnRun, run_turn
from botc.runtime.wire.events import Event, effect_result_event

# How long a turn waits for another worker's claim on its conversation to end.
CLAIM_WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.01


class ConversationNotFound(Exception):
    """No conversation is stored under the key."""


class ConversationBusy(Exception):
    """Another worker held the conversation for longer than a turn may wait."""


class TurnRefused(Exception):
    """The turn's record would be over the store's size cap; the event was not applied."""


# How a retried event was answered (the `Botc-Retry` header of the reply).
REPLAYED: Final = "replayed"
SUPERSEDED: Final = "superseded"


@attrs.frozen
class Answer:
    """The reply body to an event, and `retry`: None for a turn that ran, else REPLAYED
    (the kept reply of that sequence) or SUPERSEDED (no turn, no kept reply: empty)."""

    reply: JsonDict
    retry: str | None = None


@attrs.frozen
class TurnRequest:
    """What to run: `event`, its `sequence` (for retries), and whether a reply is wanted.

    `upload` is set for the turn that reports a finished upload: the pending entry it
    replaces, whose outcome goes to the outbox instead of a reply.
    """

    event: Event
    sequence: int | None = None
    upload: str | None = None


@attrs.frozen
class _Written:
    """A turn whose record is stored; `reply` is None for a finishing turn."""

    reply: JsonDict | None
    retry: str | None = None


@attrs.frozen
class _Work:
    """Everything a turn produced once its synchronous effects are done: the state to
    store (JSON), the response items and intents, the uploads still running."""

    state: JsonDict | None
    items: tuple[JsonDict, ...]
    intents: tuple[JsonDict, ...]
    unfinished: tuple[tuple[JsonDict, Future[JsonDict]], ...] = ()


class _ClaimLost(Exception):
    """Another worker wrote the conversation before this turn could claim it."""


class TurnRunner:
    """Runs turns of conversations held in `store` with `engine`; thread-safe."""

    def __init__(
        self,
        engine: Engine,
        store: ConversationStore,
        performer: Performer,
        uploads: UploadRunner,
        *,
        owner: str,
        upload_wait_seconds: float,
    ) -> None:
        self._engine = engine
        self._stepping = stepping_of(engine)
        self._store = store
        self._performer = performer
        self._uploads = uploads
        self._owner = owner
        self._upload_wait = upload_wait_seconds
        self._log = service_logger()
        self._turn_numbers = itertools.count(1)

    def create(self, key: str, sdes: JsonDict, context: JsonDict) -> bool:
        """Store a new conversation; False when it exists. Raises RecordTooLarge."""
        return self._store.create(key, ConversationRecord(version=1, sdes=sdes, context=context))

    def answer(self, key: str, event: Event, sequence: int | None) -> Answer:
        """The answer to `event`; raises ConversationNotFound, ConversationBusy or
        TurnRefused."""
        written = self._run(key, TurnRequest(event=event, sequence=sequence))
        assert written.reply is not None
        return Answer(written.reply, written.retry)

    async def answer_on_loop(self, key: str, event: Event, sequence: int | None) -> Answer | None:
        """The answer to `event` computed on the calling event loop, for a store whose
        writes can be awaited (SQLite: a local read, the write by its writer thread;
        Redis: both sent in batches by the store's own thread); None
        when the turn must run on a turn thread instead (`answer`): it has effects, the
        conversation is claimed, another write came first, or the store cannot.

        A turn without effects is pure CPU work of well under a millisecond: running it
        here spares the hand-over to a thread and back (and the GIL contention of many
        threads), while the fsync of its write is shared with the turns committed
        together.
        """
        submit_swap = getattr(self._store, "submit_swap", None)
        if submit_swap is None:
            return None
        record = await _load_on_loop(self._store, key)
        if record is None:
            raise ConversationNotFound(key)
        if sequence is not None and _applied(record, sequence):
            written = self._retried(key, sequence)
            assert written.reply is not None
            return Answer(written.reply, written.retry)
        if held_by_another(record.claim, self._owner, time.time()):
            return None
        request = TurnRequest(event=event, sequence=sequence)
        try:
            run = self._run_turn(record, request, ON_THE_LOOP, ON_THE_LOOP.emitted)
        except HasEffects:
            return None  # `answer` runs the (pure) first step again, then claims and performs
        self._log_faults(key, run.output.faults)
        if run.crash is not None:
            raise run.crash
        final, reply = self._compose(record, request, _work(self._stepping.encode(run.state), run))
        assert reply is not None
        kept = None if sequence is None else StoredReply(sequence, reply)
        try:
            pending_write = submit_swap(key, final, kept)
        except RecordTooLarge as problem:
            raise TurnRefused(f"{problem}; the event was not applied") from None
        if not await asyncio.wrap_future(pending_write):
            return None
        return Answer(reply)

    def finish_upload(self, key: str, effect: JsonDict, result: JsonDict) -> None:
        """Feed a finished upload's `result` to its conversation; its items go to the outbox."""
        request = TurnRequest(event=effect_result_event(result), upload=str(effect.get("id")))
        try:
            self._run(key, request)
        except ConversationNotFound:
            self._log.warning("upload finished for a conversation that is gone", extra={"key": key})

    def _run(self, key: str, request: TurnRequest) -> _Written:
        deadline = time.monotonic() + CLAIM_WAIT_SECONDS
        # a claim names the turn, not the process: other threads here must wait for it too
        turn_owner = f"{self._owner}:{next(self._turn_numbers)}"
        while True:
            record = self._store.load(key)
            if record is None:
                raise ConversationNotFound(key)
            if request.sequence is not None and _applied(record, request.sequence):
                return self._retried(key, request.sequence)
            if request.upload is not None and not self._owns_upload(record, request.upload):
                self._log.info("upload taken over by another worker", extra={"key": key})
                return _Written(None)
            if held_by_another(record.claim, turn_owner, time.time()):
                if time.monotonic() > deadline:
                    raise ConversationBusy(key)
                time.sleep(_POLL_SECONDS)
                continue
            written = self._attempt(key, record, request, turn_owner)
            if written is not None:
                return written

    def _retried(self, key: str, sequence: int) -> _Written:
        """The answer to an event at or below the high-water mark: no turn runs."""
        stored = self._store.reply(key, sequence)
        retry = SUPERSEDED if stored is None else REPLAYED
        self._log.info("retried event answered without a turn", extra={"key": key, "retry": retry})
        if stored is None:
            return _Written(self._engine.respond((), ()), SUPERSEDED)
        return _Written(stored, REPLAYED)

    def _attempt(
        self, key: str, record: ConversationRecord, request: TurnRequest, turn_owner: str
    ) -> _Written | None:
        """One try at the turn; None when another worker wrote first."""
        effects = TurnEffects(self._performer, self._uploads, self._upload_wait)
        unclaimed = record

        def claim_and_start(emitted: tuple[JsonDict, ...]) -> None:
            nonlocal record
            if record is unclaimed:
                claimed = record.next_version(
                    claim=lease(turn_owner, time.time() + CLAIM_LEASE_SECONDS)
                )
                if not self._store.swap(key, claimed):
                    raise _ClaimLost
                record = claimed
            effects.start_uploads(emitted)

        try:
            run = self._run_turn(unclaimed, request, effects, claim_and_start)
        except _ClaimLost:
            return None
        claimed = record is not unclaimed
        self._log_faults(key, run.output.faults)
        if run.end == "step limit" or run.crash is not None:
            if claimed:  # give the claim back, or the conversation stays held
                self._store.swap(key, record.next_version(claim=None))
            if run.crash is not None:
                raise run.crash
            raise TurnError(
                f"the turn did not end after {MAX_STEP_CALLS_PER_TURN} steps "
                "(an integration called in a loop?)"
            )
        work = _work(self._stepping.encode(run.state), run, effects.unfinished(run))
        final, reply = self._compose(record, request, work)
        kept = None
        if reply is not None and request.sequence is not None:
            kept = StoredReply(request.sequence, reply)
        try:
            swapped = self._store.swap(key, final, kept)
        except RecordTooLarge as problem:
            if claimed:  # give the claim back, or the conversation stays held
                self._store.swap(key, record.next_version(claim=None))
            raise TurnRefused(f"{problem}; the event was not applied") from None
        if not swapped:
            if claimed:
                self._log.error("claim lost during a turn; running it again", extra={"key": key})
            return None
        for effect, future in work.unfinished:
            self._finish_when_done(key, effect, future)
        return _Written(reply)

    def _run_turn(
        self,
        record: ConversationRecord,
        request: TurnRequest,
        effects: TurnPerformer,
        on_emitted: EmittedHook,
    ) -> TurnRun[Any]:
        """The turn of `request` from the record's state, the stored context under the
        event's own; `on_emitted` hears of each call's effects before they are performed."""
        event = _with_stored_context(request.event, record)
        state = self._stepping.decode(record.state)
        return run_turn(self._stepping.step, state, event, effects, on_emitted=on_emitted)

    def _compose(
        self, record: ConversationRecord, request: TurnRequest, work: _Work
    ) -> tuple[ConversationRecord, JsonDict | None]:
        """The record to write and the reply to send (None for a finishing turn)."""
        pending = tuple(
            entry
            for entry in record.pending
            if request.upload is None or entry["effect"].get("id") != request.upload
        )
        now = time.time()
        pending += tuple(
            {**lease(self._owner, now + _upload_seconds(effect)), "effect": effect}
            for effect, _ in work.unfinished
        )
        if request.upload is not None:
            outbox = record.outbox + work.items
            return record.next_version(
                state=work.state, outbox=outbox, pending=pending, claim=None
            ), None
        delivered, held = split_at_second_action(record.outbox + work.items)
        reply = self._engine.respond(delivered, work.intents)
        applied = record.applied if request.sequence is None else request.sequence
        final = record.next_version(
            state=work.state, outbox=held, pending=pending, claim=None, applied=applied
        )
        return final, reply

    def _owns_upload(self, record: ConversationRecord, effect_id: str) -> bool:
        return any(
            entry["effect"].get("id") == effect_id and entry.get("owner") == self._owner
            for entry in record.pending
        )

    def _finish_when_done(self, key: str, effect: JsonDict, future: Future[JsonDict]) -> None:
        def finish(done: Future[JsonDict]) -> None:
            self._uploads.later(lambda: self.finish_upload(key, effect, done.result()))

        future.add_done_callback(finish)

    def recover_uploads(self) -> int:
        """Take over uploads whose owner died or ran out of time; how many were restarted."""
        restarted = 0
        now = time.time()
        for key in self._store.keys_with_pending():
            record = self._store.load(key)
            # a turn in progress would lose its write (and redo its effects): leave it be
            if record is None or held_by_another(record.claim, self._owner, now):
                continue
            orphans = [
                entry
                for entry in record.pending
                if entry.get("owner") != self._owner
                and not held_by_another(entry, self._owner, now)
            ]
            if not orphans:
                continue
            taken = tuple(
                {
                    **lease(self._owner, now + _upload_seconds(entry["effect"])),
                    "effect": entry["effect"],
                }
                if entry in orphans
                else entry
                for entry in record.pending
            )
            if not self._store.swap(key, record.next_version(pending=taken)):
                continue
            for entry in orphans:
                effect = entry["effect"]
                self._log.info("restarting an orphaned upload", extra={"key": key})
                self._finish_when_done(key, effect, self._uploads.start(effect))
                restarted += 1
        return restarted

    def _log_faults(self, key: str, faults: tuple[Fault, ...]) -> None:
        for fault in faults:
            self._log.warning(
                "runtime fault",
                extra={
                    "key": key,
                    "fault": fault.message,
                    "dialog": fault.dialog,
                    "line": fault.line,
                },
            )


async def _load_on_loop(store: ConversationStore, key: str) -> ConversationRecord | None:
    """The record of `key` without blocking the loop on a network round trip: awaited
    from the store's `submit_load` where it has one (Redis), else read (SQLite: local)."""
    submit_load = getattr(store, "submit_load", None)
    if submit_load is None:
        return store.load(key)
    record: ConversationRecord | None = await asyncio.wrap_future(submit_load(key))
    return record


def _work(
    state: JsonDict | None,
    run: TurnRun[Any],
    unfinished: tuple[tuple[JsonDict, Future[JsonDict]], ...] = (),
) -> _Work:
    return _Work(state, run.output.items, run.output.intents, unfinished)


def _applied(record: ConversationRecord, sequence: int) -> bool:
    """Whether `sequence` is at or below the record's high-water mark."""
    return record.applied is not None and sequence <= record.applied


def _upload_seconds(effect: JsonDict) -> float:
    timeout_ms = effect.get("timeout_ms")
    seconds = timeout_ms / 1000 if isinstance(timeout_ms, int | float) else 30.0
    return seconds + UPLOAD_GRACE_SECONDS


def _with_stored_context(event: Event, record: ConversationRecord) -> Event:
    """The event with the conversation's stored `context` (and `sdes`) under its own."""
    context = {"sdes": record.sdes, **record.context, **event.context}
    return Event(event.type, event.data, context, event.source)
