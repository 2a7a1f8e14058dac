"""Scripted effect outcomes, and the performer that answers each call with the next one.

An `Outcome` is what one call of an integration gets: a reply (`status`, `body`,
`headers`) or a failure (`error`). Outcomes come from a stubs file (`botc run --stubs`,
WIRE.md 6) or from a test block's `NAME returns ...` / `NAME fails` lines
(`runtime.testing`); `ScriptedPerformer` answers each call with the next outcome of its
integration, in order, for both.

The stubs file maps an integration name to the outcomes of its calls, taken in order:
`{"Balance": [{"status": 200, "body": {...}}, {"error": "timeout"}], "Documents":
[{"status": 201}]}`. `parse_stubs` checks the shape and says where it is wrong; running out
of outcomes for an integration is a `StubsExhaustedError` naming it.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from botc.runtime.drivers.performer import PerformError, effect_id, error_result, reply_result

_REPLY_KEYS: Final = frozenset({"status", "body", "headers"})


class StubsError(Exception):
    """The stubs file is not in the WIRE.md 6 shape; the message says where."""


class StubsExhaustedError(PerformError):
    """An integration was called more often than the stubs file has outcomes for it."""

    def __init__(self, integration: str, given: int) -> None:
        if given == 0:
            message = f"the stubs file has no outcome for integration {integration}"
        else:
            plural = "s" if given != 1 else ""
            message = (
                f"no stub left for integration {integration}: the stubs file gives "
                f"{given} outcome{plural} and call {given + 1} was made"
            )
        super().__init__(message)
        self.integration = integration


@attrs.frozen
class Outcome:
    """The result of one call: an HTTP status, body and headers, or a transport error.

    `line` is the test line that queued it (None for stubs and generated outcomes).
    """

    status: int | None = 200
    body: Any = None
    error: str | None = None
    line: int | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        """True when the call completed with a 2xx status (stores may still break it)."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def result_data(self, ident: str) -> dict[str, Any]:
        """The `data` of the EFFECT_RESULT event (WIRE.md 4) for the effect `ident`."""
        if self.error is not None:
            return error_result(ident, self.error)
        assert self.status is not None  # every reply has a status
        return reply_result(ident, self.status, self.headers, self.body)


class ScriptedPerformer:
    """Answers each call of an integration with the next outcome scripted for it.

    When none is left, a call gets `when_none_left`: by default None, which `answer`
    returns (the test runner reports the call as unscripted) and `perform` raises as a
    `StubsExhaustedError`; a replay gives a timeout, the way an unreachable service would.
    """

    def __init__(
        self, outcomes: Mapping[str, Iterable[Outcome]], *, when_none_left: Outcome | None = None
    ) -> None:
        self._queues = {name: deque(queue) for name, queue in outcomes.items()}
        self._answered: dict[str, int] = {}
        self._when_none_left = when_none_left

    def queue(self, integration: str, outcome: Outcome) -> None:
        """Queue `outcome` for the next call of `integration`."""
        self._queues.setdefault(integration, deque()).append(outcome)

    def answer(self, integration: str) -> Outcome | None:
        """The outcome of this call of `integration` (`when_none_left` when none is left)."""
        queue = self._queues.get(integration)
        if queue:
            self._answered[integration] = self._answered.get(integration, 0) + 1
            return queue.popleft()
        return self._when_none_left

    def perform(self, effect: Mapping[str, Any]) -> dict[str, Any]:
        """The EFFECT_RESULT data of the next outcome for the effect's integration;
        StubsExhaustedError when there is none."""
        name = str(effect.get("integration"))
        outcome = self.answer(name)
        if outcome is None:
            raise StubsExhaustedError(name, self._answered.get(name, 0))
        return outcome.result_data(effect_id(effect))

    def unused(self) -> list[tuple[str, Outcome]]:
        """Outcomes still queued, per integration, in order."""
        return [(name, outcome) for name, queue in self._queues.items() for outcome in queue]


def load_stubs(path: str | Path) -> dict[str, list[Outcome]]:
    """The outcomes in the stubs file at `path`; StubsError for a missing file, bad JSON
    or a wrong shape (the message names the file and the place)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise StubsError(f"{path}: cannot read the stubs file: {error.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise StubsError(
            f"{path}:{error.lineno}:{error.colno}: the stubs file is not JSON: {error.msg}"
        ) from None
    return parse_stubs(data, source=str(path))


def parse_stubs(data: object, *, source: str = "stubs") -> dict[str, list[Outcome]]:
    """The outcomes in a decoded stubs document; StubsError saying where the shape is wrong."""
    if not isinstance(data, dict):
        raise StubsError(
            f"{source}: expected an object mapping integration names to lists of outcomes, "
            f'e.g. {{"Balance": [{{"status": 200, "body": {{}}}}]}}'
        )
    stubs: dict[str, list[Outcome]] = {}
    for name, outcomes in data.items():
        if not isinstance(outcomes, list):
            raise StubsError(f"{source}: {name}: expected a list of outcomes")
        stubs[name] = [
            _outcome(outcome, f"{source}: {name}[{index}]")
            for index, outcome in enumerate(outcomes)
        ]
    return stubs


def _outcome(data: object, where: str) -> Outcome:
    if not isinstance(data, dict):
        raise StubsError(f'{where}: expected {{"status": ...}} or {{"error": "..."}}')
    if "error" in data:
        if set(data) != {"error"} or not isinstance(data["error"], str) or not data["error"]:
            raise StubsError(f'{where}: a failure is {{"error": "reason"}} and nothing else')
        return Outcome(status=None, error=data["error"])
    unknown = sorted(set(data) - _REPLY_KEYS)
    if unknown:
        raise StubsError(
            f"{where}: unknown key {unknown[0]!r} (a reply has status, body, headers; "
            f"a failure has error)"
        )
    status = data.get("status")
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise StubsError(f"{where}: `status` must be an HTTP status number (100-599)")
    headers = data.get("headers", {})
    if not isinstance(headers, dict) or not all(
        isinstance(value, str) for value in headers.values()
    ):
        raise StubsError(f"{where}: `headers` must be an object of strings")
    return Outcome(status=status, body=data.get("body"), headers=headers)
