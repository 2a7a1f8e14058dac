"""The type of a decoded JSON object, as the runtime passes tables, states, events and
replies around: one name for it, defined once."""

from __future__ import annotations

from typing import Any

JsonDict = dict[str, Any]
