"""Small hand-written tables (docs/TABLE.md) for tests that need no compiler."""

from __future__ import annotations

from typing import Any

JsonDict = dict[str, Any]

TEXTS = {
    "error": "Sorry, something went wrong. Please try again later.",
    "integration_failure": "Sorry, I could not find anything for that.",
    "escalation_stopped": "Not able to transfer to Agent at this time. Please try later.",
    "not_understood": "Not able to understand your question. Can you please re-phrase it?",
}


def say_step(step_id: int, dialog: int, text: str, next_id: int | None = None) -> JsonDict:
    return {
        "id": step_id,
        "op": "say",
        "dialog": dialog,
        "label": None,
        "line": 3 + step_id,
        "next": next_id,
        "args": {
            "text": text,
            "audience": "consumer",
            "quick_replies": [],
            "metadata": None,
            "encoded_metadata": None,
        },
        "branches": [],
    }


def minimal_table(*steps: JsonDict) -> JsonDict:
    """A table with one `on start` dialog made of `steps` (default: one `say "Hi"`)."""
    chosen = list(steps) or [say_step(0, 0, "Hi")]
    return {
        "format": "botc-table/1",
        "source": "hand.bot",
        "bot": {
            "name": None,
            "default_response": None,
            "escalation_attempts": 4,
            "texts": dict(TEXTS),
        },
        "integrations": {},
        "functions": {},
        "dialogs": [{"name": "welcome", "entry": 0, "intent": None, "line": 1}],
        "triggers": {
            "patterns": [],
            "start": 0,
            "fallback": None,
            "rich_content": None,
            "signal": None,
        },
        "steps": chosen,
        "tests": [],
    }
