"""Secrets in effects: the interpreter marks the slots, the driver puts the values in.

An effect's url, headers and body are display text (a secret shows as
`{{ secret.NAME }}`); its `secrets` list says, for each text where the integration's own
template reads a secret, where that text is (`"at": ["headers", "X-Api-Key"]`) and its
parts (`["Bearer ", {"secret": "ACME_TOKEN"}]`, runtime/secret_slots.py). `fill_secrets`
rebuilds exactly those texts from their parts; nothing else is looked at, so text that a
consumer, an API or a state field put in a request is sent as it is, whatever it holds.

The values come from a mapping holding only the secrets the table's integrations declare
(`declared_secrets`), never from the whole environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botc.runtime.secret_slots import joined


class MissingSecretError(Exception):
    """An effect names a secret whose environment variable is not set; `name` says which."""

    def __init__(self, name: str) -> None:
        super().__init__(f"secret {name} is not set: define the environment variable {name}")
        self.name = name


class MalformedSlotError(Exception):
    """An effect's `secrets` entry does not point at a text of the request."""


def declared_secrets(table: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, str]:
    """The values, from `environ`, of the secrets the table's integrations declare (their
    `secrets` lists): the only ones a driver may read. Unset ones are left out (a call
    that needs one fails, naming it)."""
    names = {
        name
        for integration in (table.get("integrations") or {}).values()
        for name in integration.get("secrets") or ()
    }
    return {name: environ[name] for name in sorted(names) if name in environ}


def fill_secrets(
    request: dict[str, Any], slots: Any, secrets: Mapping[str, str], used: list[str]
) -> dict[str, Any]:
    """`request` (`{"url", "headers", "body"}` as the effect has them) with each slot of
    `slots` rebuilt from its parts; each value put in is appended to `used` so that
    error messages can be scrubbed of it. Raises MissingSecretError for a secret that
    `secrets` does not hold, MalformedSlotError for a slot that points nowhere."""
    if not slots:
        return request
    if not isinstance(slots, list):
        raise MalformedSlotError("the effect's secrets are not a list")
    filled: dict[str, Any] = _copy(request)
    for slot in slots:
        at, parts = _slot(slot)
        text = joined(parts, lambda name: _lookup(name, secrets, used))
        _place(filled, at, text)
    return filled


def _slot(slot: Any) -> tuple[list[Any], list[Any]]:
    if not isinstance(slot, Mapping):
        raise MalformedSlotError("a secret slot is not an object")
    at, parts = slot.get("at"), slot.get("parts")
    if not isinstance(at, list) or not at or not isinstance(parts, list):
        raise MalformedSlotError("a secret slot needs `at` and `parts` lists")
    for part in parts:
        if not isinstance(part, str) and not (
            isinstance(part, Mapping) and isinstance(part.get("secret"), str)
        ):
            raise MalformedSlotError("a part of a secret slot is neither text nor a secret")
    return at, parts


def _place(request: dict[str, Any], at: list[Any], text: str) -> None:
    """Put `text` where `at` points: the url, a header's value or a string of the body."""
    container: Any = request
    for key in at[:-1]:
        container = _child(container, key)
    last = at[-1]
    if not isinstance(_child(container, last), str):
        raise MalformedSlotError(f"the secret slot {at!r} is not a text of the request")
    container[last] = text


def _child(container: Any, key: Any) -> Any:
    if isinstance(container, dict) and isinstance(key, str) and key in container:
        return container[key]
    if (
        isinstance(container, list)
        and isinstance(key, int)
        and not isinstance(key, bool)
        and 0 <= key < len(container)
    ):
        return container[key]
    raise MalformedSlotError(f"a secret slot points at {key!r}, which the request lacks")


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _lookup(name: str, secrets: Mapping[str, str], used: list[str]) -> str:
    secret = secrets.get(name)
    if secret is None:
        raise MissingSecretError(name)
    used.append(secret)
    return secret


def scrub(text: str, secrets: list[str]) -> str:
    """`text` with every secret value in it replaced by `***` (for error messages)."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    return text
