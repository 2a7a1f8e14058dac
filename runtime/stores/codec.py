"""JSON for stored records: orjson when installed (several times faster), else `json`.

orjson handles integers up to 64 bits only; a larger one (a bot may compute one) falls
back to `json`, so every JSON value a turn produces can be stored.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - the server extra installs it
    orjson = None  # type: ignore[assignment]


def encode(value: Any) -> bytes:
    """`value` as compact JSON bytes."""
    if orjson is not None:
        try:
            return orjson.dumps(value)
        except (orjson.JSONEncodeError, TypeError):
            pass
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def decode(text: str | bytes) -> Any:
    """The value of JSON `text` written by `encode`."""
    if orjson is not None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)
