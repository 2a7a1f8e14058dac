"""Reading the JSON of `card file "x.json"`, relative to the `.bot` file's folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class CardFileError(Exception):
    """The card file is missing, unreadable or not JSON; the message says which."""


def read_card_file(base_dir: Path, relative: str) -> Any:
    """The decoded JSON of the card file; raises CardFileError with a one-line reason."""
    path = base_dir / relative
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CardFileError(
            f"card file {relative!r} does not exist (looked in {base_dir})"
        ) from None
    except (OSError, UnicodeDecodeError) as problem:
        raise CardFileError(f"card file {relative!r} cannot be read: {problem}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as problem:
        raise CardFileError(
            f"card file {relative!r} is not JSON: {problem.msg} at line {problem.lineno} "
            f"column {problem.colno}"
        ) from None
