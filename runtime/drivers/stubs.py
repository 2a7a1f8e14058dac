"""`StubPerformer`: effect outcomes scripted in a stubs file instead of real requests.

The stubs file (WIRE.md 6) maps an integration name to the outcomes of its calls, taken
in order: `{"Balance": [{"status": 200, "body": {...}}, {"error": "timeout"}],
"Documents": [{"status": 201}]}`. An outcome is a reply (`status`, optional `body` and
`headers`) or a failure (`error`). `parse_stubs` checks the shape and says where it is
wrong; running out of outcomes for an integration is a `StubsExhaustedError` naming it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from runtime.drivers.performer import PerformError, effect_id, error_result, reply_result

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
class StubOutcome:
    """One scripted outcome: a reply (`status`, `body`, `headers`) or an `error`."""

    status: int | None = None
    body: Any = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    error: str | None = None

    def result(self, ident: str) -> dict[str, Any]:
        if self.error is not None:
            return error_result(ident, self.error)
        assert self.status is not None  # parse_stubs gives every reply a status
        return reply_result(ident, self.status, self.headers, self.body)


class StubPerformer:
    """Answers each effect with the next scripted outcome of its integration."""

    def __init__(self, stubs: Mapping[str, list[StubOutcome]]) -> None:
        self._stubs = {name: tuple(outcomes) for name, outcomes in stubs.items()}
        self._taken: dict[str, int] = dict.fromkeys(self._stubs, 0)

    @property
    def integrations(self) -> frozenset[str]:
        return frozenset(self._stubs)

    def perform(self, effect: Mapping[str, Any]) -> dict[str, Any]:
        """The next outcome for the effect's integration; StubsExhaustedError when none is left."""
        name = str(effect.get("integration"))
        outcomes = self._stubs.get(name, ())
        taken = self._taken.get(name, 0)
        if taken >= len(outcomes):
            raise StubsExhaustedError(name, len(outcomes))
        self._taken[name] = taken + 1
        return outcomes[taken].result(effect_id(effect))


def load_stubs(path: str | Path) -> dict[str, list[StubOutcome]]:
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


def parse_stubs(data: object, *, source: str = "stubs") -> dict[str, list[StubOutcome]]:
    """The outcomes in a decoded stubs document; StubsError saying where the shape is wrong."""
    if not isinstance(data, dict):
        raise StubsError(
            f"{source}: expected an object mapping integration names to lists of outcomes, "
            f'e.g. {{"Balance": [{{"status": 200, "body": {{}}}}]}}'
        )
    stubs: dict[str, list[StubOutcome]] = {}
    for name, outcomes in data.items():
        if not isinstance(outcomes, list):
            raise StubsError(f"{source}: {name}: expected a list of outcomes")
        stubs[name] = [
            _outcome(outcome, f"{source}: {name}[{index}]")
            for index, outcome in enumerate(outcomes)
        ]
    return stubs


def _outcome(data: object, where: str) -> StubOutcome:
    if not isinstance(data, dict):
        raise StubsError(f'{where}: expected {{"status": ...}} or {{"error": "..."}}')
    if "error" in data:
        if set(data) != {"error"} or not isinstance(data["error"], str) or not data["error"]:
            raise StubsError(f'{where}: a failure is {{"error": "reason"}} and nothing else')
        return StubOutcome(error=data["error"])
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
    return StubOutcome(status=status, body=data.get("body"), headers=headers)
