"""Conversation Builder variable forms translated into Jinja2 (LANGUAGE.md 6).

`{$botContext.NAME}` → `{{ botContext.NAME }}`, `{$userMessage}` → `{{ user.message }}`,
`{NAME.field}` → `{{ NAME.field }}`. Jinja2's own `{{ ... }}` blocks are left untouched.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_BOT_CONTEXT = re.compile(r"\{\$botContext\.(" + _NAME + r")\}")
_USER_MESSAGE = re.compile(r"\{\$userMessage\}")
# A single brace pair around NAME.field, not part of `{{ ... }}`.
_FIELD = re.compile(r"(?<!\{)\{(" + _NAME + r"\." + _NAME + r")\}(?!\})")


def translate_template(text: str) -> str:
    """The template with every Conversation Builder form rewritten as Jinja2."""
    if "{" not in text:  # every form starts with a brace: most texts have none
        return text
    return _translated(text)


@functools.lru_cache(maxsize=1 << 16)
def _translated(text: str) -> str:
    """`translate_template` of a text with a brace, once per distinct text (a bot repeats
    its templates)."""
    text = _BOT_CONTEXT.sub(r"{{ botContext.\1 }}", text)
    text = _USER_MESSAGE.sub("{{ user.message }}", text)
    return _FIELD.sub(r"{{ \1 }}", text)


def translate_json(value: Any) -> Any:
    """A JSON value whose string leaves are templates, with each leaf translated."""
    if isinstance(value, str):
        return translate_template(value)
    if isinstance(value, list):
        return [translate_json(item) for item in value]
    if isinstance(value, dict):
        return {key: translate_json(item) for key, item in value.items()}
    return value
