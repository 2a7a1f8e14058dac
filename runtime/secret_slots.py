"""Secret slots: the places where an integration's own template reads `secret.NAME`.

The interpreter never sees a secret's value, and the driver never searches a rendered
text for something that looks like a secret: a consumer's answer, an API response, the
context or a state field may hold any text at all. Instead a template that reads `secret`
is rendered twice, with `secret.NAME` standing for two markers of the same length that
differ in one character. Every other value renders the same both times (even one that
holds marker text), so the places where the two texts differ are exactly the template's
own secret slots. The rendering becomes *parts*: literal strings and `{"secret": NAME}`
slots, which the driver fills from the environment (runtime/drivers/secret_values.py).

A template that changes a marker (`secret.X | upper`, `secret.X[0]`, a test on its value)
leaves no slot to fill: that is a fault, never a half-filled request. Only the names the
integration declares (its `secrets` in the table) can be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Final

import attrs

from botc.runtime.faults import RuntimeFault

# Parts of a rendered text: literal text, and `{"secret": NAME}` where the value goes.
Part = str | dict[str, str]

_PREFIX: Final = "\x00botc-secret-"
_SUFFIX: Final = "\x00"
_FIRST, _SECOND = "a", "b"
_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _marker(name: str, variant: str) -> str:
    return f"{_PREFIX}{variant}:{name}{_SUFFIX}"


class UndeclaredSecretError(Exception):
    """A template read `secret.NAME` for a name its integration does not declare."""


class SecretMarkers:
    """What `secret` is bound to while an integration's template renders: `secret.NAME`
    (or `secret["NAME"]`) is a marker for each declared name; any other name is an error."""

    def __init__(self, declared: frozenset[str], variant: str) -> None:
        self._declared = declared
        self._variant = variant

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: object) -> str:
        if not isinstance(name, str) or name not in self._declared:
            declared = ", ".join(sorted(self._declared)) or "none"
            raise UndeclaredSecretError(
                f"secret.{name} is not declared by this integration (it declares {declared})"
            )
        return _marker(name, self._variant)


@attrs.frozen
class SlotText:
    """A rendered integration text: `display` (secrets shown as `{{ secret.NAME }}`, safe
    to log and store) and `parts` (None when the text has no secret slot)."""

    display: str
    parts: tuple[Part, ...] | None


def render_with_secrets(
    render: Callable[[SecretMarkers], str], declared: frozenset[str]
) -> SlotText:
    """Render a template that reads `secret` (`render` binds `secret` to the markers it is
    given and renders) and find its secret slots; raises RuntimeFault when the template
    changes a secret. A template that does not read `secret` needs no call of this."""
    first = render(SecretMarkers(declared, _FIRST))
    second = render(SecretMarkers(declared, _SECOND))
    if first == second:
        return SlotText(first, None)  # `secret` read, but nothing of it reaches the text
    parts = _split(first, second)
    return SlotText(display_text(parts), parts)


def _split(first: str, second: str) -> tuple[Part, ...]:
    """The parts of two renderings of one template; a slot is where the first holds a
    first-variant marker and the second, at the same place, the second-variant one."""
    parts: list[Part] = []
    opener_first, opener_second = _PREFIX + _FIRST + ":", _PREFIX + _SECOND + ":"
    start = search = 0
    while (at := first.find(opener_first, search)) >= 0:
        end = first.find(_SUFFIX, at + len(opener_first))
        name = first[at + len(opener_first) : end] if end >= 0 else ""
        if (
            end >= 0
            and _NAME.fullmatch(name)
            and second.startswith(opener_second + name + _SUFFIX, at)
        ):
            if at > start:
                parts.append(first[start:at])
            parts.append({"secret": name})
            start = search = end + len(_SUFFIX)
        else:
            search = at + 1
    if start < len(first):
        parts.append(first[start:])
    if joined(parts, lambda name: _marker(name, _FIRST)) != first or (
        joined(parts, lambda name: _marker(name, _SECOND)) != second
    ):
        raise RuntimeFault(
            "a secret is changed by an expression; write it as `{{ secret.NAME }}` on its own"
        )
    return tuple(parts)


def joined(parts: Iterable[Any], value_of: Callable[[str], str]) -> str:
    """The text of `parts` with each slot replaced by `value_of(name)`."""
    return "".join(
        part if isinstance(part, str) else value_of(str(part["secret"])) for part in parts
    )


def display_text(parts: Iterable[Any]) -> str:
    """The text of `parts` with each slot shown as `{{ secret.NAME }}` (for traces and logs)."""
    return joined(parts, lambda name: "{{ secret." + name + " }}")


def slot_names(parts: Iterable[Any]) -> list[str]:
    """The secret names the slots of `parts` read, in order."""
    return [str(part["secret"]) for part in parts if isinstance(part, dict)]
