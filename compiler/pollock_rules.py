"""The json-pollock structured-content rules, as the card check needs them.

The rules themselves live in `runtime.wire.pollock` (one source of truth, INTERNALS.md);
this module only turns its `Problem` values into (JSON path, message) pairs.
"""

from __future__ import annotations

from typing import Any

from botc.runtime.wire.pollock import structured_content_problems


def card_problems(content: Any) -> list[tuple[str, str]]:
    """(JSON path, message) for every json-pollock rule the card content breaks."""
    return [(problem.path, problem.message) for problem in structured_content_problems(content)]
