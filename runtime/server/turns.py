"""Running one event of a conversation against the store, exactly once.

A turn loads the record, runs the event with `runtime.turn_loop.run_turn` (the state
decoded once), performing the synchronous effects, and writes the new state, the outbox
and the reply in one compare-and-set. A turn whose first step
emits effects first *claims* the conversation (a write of its own), so that no other
worker runs a turn of it — and repeats those effects — until it is done. A lost
compare-and-set means another worker wrote first: the turn runs again on the new state,
and a retried event (same `lpEvent.sequence`) then finds its stored reply.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import attrs

from runtime.defaults import MAX_STEP_CALLS_PER_TURN
from runtime.drivers.performer import Performer
from runtime.faults import Fault
from runtime.server.engine import Engine
from runtime.server.logs import service_logger
from runtime.server.ownership import (
    CLAIM_LEASE_SECONDS,
    UPLOAD_GRACE_SECONDS,
    held_by_another,
    lease,
)
from runtime.server.uploads import UploadRunner, perform_safely
from runtime.stores import ConversationRecord, ConversationStore
from runtime.turn import split_at_second_action
from runtime.turn_loop import run_turn
from runtime.wire.events import Event, effect_result_event

JsonDict = dict[str, Any]

# How long a turn waits for another worker's claim on its conversation to end.
CLAIM_WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.01


class ConversationNotFound(Exception):
    """No conversation is stored under the key."""


class ConversationBusy(Exception):
    """Another worker held the conversation for longer than a turn may wait."""


class _ClaimLost(Exception):
    """Another worker wrote the record before this turn could claim it."""


@attrs.frozen
class TurnRequest:
    """What to run: `event`, its `sequence` (for retries), and whether a reply is wanted.

    `upload` is set for the turn that reports a finished upload: the pending entry it
    replaces, whose outcome goes to the outbox instead of a reply.
    """

    event: Event
    sequence: str | None = None
    upload: str | None = None


@attrs.frozen
class _Written:
    """A turn whose record is stored; `reply` is None for a finishing turn."""

    reply: JsonDict | None


@attrs.frozen
class _Work:
    """Everything a turn produced once its synchronous effects are done."""

    state: JsonDict
    items: tuple[JsonDict, ...]
    intents: tuple[JsonDict, ...]
    unfinished: tuple[tuple[JsonDict, Future[JsonDict]], ...]


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
        self._store = store
        self._performer = performer
        self._uploads = uploads
        self._owner = owner
        self._upload_wait = upload_wait_seconds
        self._log = service_logger()
        self._turn_numbers = itertools.count(1)

    def create(self, key: str, sdes: JsonDict, context: JsonDict) -> bool:
        """Store a new conversation; False when it exists."""
        return self._store.create(key, ConversationRecord(version=1, sdes=sdes, context=context))

    def answer(self, key: str, event: Event, sequence: str | None) -> JsonDict:
        """The reply body to `event`; raises ConversationNotFound or ConversationBusy."""
        reply = self._run(key, TurnRequest(event=event, sequence=sequence))
        assert reply is not None
        return reply

    def finish_upload(self, key: str, effect: JsonDict, result: JsonDict) -> None:
        """Feed a finished upload's `result` to its conversation; its items go to the outbox."""
        request = TurnRequest(event=effect_result_event(result), upload=str(effect.get("id")))
        try:
            self._run(key, request)
        except ConversationNotFound:
            self._log.warning("upload finished for a conversation that is gone", extra={"key": key})

    def _run(self, key: str, request: TurnRequest) -> JsonDict | None:
        deadline = time.monotonic() + CLAIM_WAIT_SECONDS
        # a claim names the turn, not the process: other threads here must wait for it too
        turn_owner = f"{self._owner}:{next(self._turn_numbers)}"
        while True:
            record = self._store.load(key)
            if record is None:
                raise ConversationNotFound(key)
            if request.sequence is not None:
                stored = record.reply_for(request.sequence)
                if stored is not None:
                    self._log.info("retried event answered from store", extra={"key": key})
                    return stored
            if request.upload is not None and not self._owns_upload(record, request.upload):
                self._log.info("upload taken over by another worker", extra={"key": key})
                return None
            if held_by_another(record.claim, turn_owner, time.time()):
                if time.monotonic() > deadline:
                    raise ConversationBusy(key)
                time.sleep(_POLL_SECONDS)
                continue
            written = self._attempt(key, record, request, turn_owner)
            if written is not None:
                return written.reply

    def _attempt(
        self, key: str, record: ConversationRecord, request: TurnRequest, turn_owner: str
    ) -> _Written | None:
        """One try at the turn; None when another worker wrote first."""
        event = _with_stored_context(request.event, record)
        effects = _TurnEffects(
            self._store,
            self._performer,
            self._uploads,
            self._upload_wait,
            key=key,
            record=record,
            turn_owner=turn_owner,
        )
        try:
            run = run_turn(
                self._engine.step,
                self._engine.decode(record.state),
                event,
                effects,
                on_emitted=effects.emitted,
            )
        except _ClaimLost:
            return None
        self._log_faults(key, run.output.faults)
        if run.crash is not None:
            raise run.crash
        if run.end == "step limit":
            self._log.error(
                f"turn stopped after {MAX_STEP_CALLS_PER_TURN} step calls", extra={"key": key}
            )
        unfinished = tuple(
            (effect, effects.started[str(effect.get("id"))])
            for effect in run.left
            if str(effect.get("id")) in effects.started
        )
        output = run.output
        work = _Work(self._engine.encode(run.state), output.items, output.intents, unfinished)
        final, reply = self._compose(effects.record, request, work)
        if not self._store.swap(key, final):
            if effects.claimed:
                self._log.error("claim lost during a turn; running it again", extra={"key": key})
            return None
        for effect, future in work.unfinished:
            self._finish_when_done(key, effect, future)
        return _Written(reply)

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
        final = record.next_version(state=work.state, outbox=held, pending=pending, claim=None)
        if request.sequence is not None:
            final = final.with_reply(request.sequence, reply)
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

    def _log_faults(self, key: str, faults: Iterable[Fault]) -> None:
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


class _TurnEffects:
    """The effects of one served turn: the conversation is claimed when the first ones are
    emitted (so no other worker repeats them), uploads start as soon as they are emitted,
    calls are performed in the turn, and uploads are waited for until the upload wait ends
    (an upload still running then is left to a finishing turn)."""

    def __init__(
        self,
        store: ConversationStore,
        performer: Performer,
        uploads: UploadRunner,
        upload_wait_seconds: float,
        *,
        key: str,
        record: ConversationRecord,
        turn_owner: str,
    ) -> None:
        self._store = store
        self._performer = performer
        self._uploads = uploads
        self._upload_wait = upload_wait_seconds
        self._key = key
        self._turn_owner = turn_owner
        self.record = record
        self.claimed = False
        self.started: dict[str, Future[JsonDict]] = {}
        self._upload_deadline = 0.0

    def emitted(self, effects: tuple[JsonDict, ...]) -> None:
        """Claim the conversation before the first effect runs; start the uploads."""
        if not self.claimed:
            claimed = self.record.next_version(
                claim=lease(self._turn_owner, time.time() + CLAIM_LEASE_SECONDS)
            )
            if not self._store.swap(self._key, claimed):
                raise _ClaimLost(self._key)
            self.record, self.claimed = claimed, True
            self._upload_deadline = time.monotonic() + self._upload_wait
        for effect in effects:
            if effect.get("effect") == "upload":
                self.started[str(effect.get("id"))] = self._uploads.start(effect)

    def perform(self, effect: Mapping[str, Any]) -> JsonDict | None:
        """A call's result; an upload's once it is done, None if the wait ends first."""
        future = self.started.get(str(effect.get("id")))
        if future is None:
            return perform_safely(self._performer, dict(effect))
        try:
            return future.result(timeout=max(0.0, self._upload_deadline - time.monotonic()))
        except FutureTimeout:
            return None


def _upload_seconds(effect: JsonDict) -> float:
    timeout_ms = effect.get("timeout_ms")
    seconds = timeout_ms / 1000 if isinstance(timeout_ms, int | float) else 30.0
    return seconds + UPLOAD_GRACE_SECONDS


def _with_stored_context(event: Event, record: ConversationRecord) -> Event:
    """The event with the conversation's stored `context` (and `sdes`) under its own."""
    context = {"sdes": record.sdes, **record.context, **event.context}
    return attrs.evolve(event, context=context)
