"""The string leaves of a JSON value, each with its JSON path (`$.a[0].b`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def string_leaves(value: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    """(JSON path, text) for every string leaf of `value`, in document order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_leaves(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_leaves(item, f"{path}.{key}")
