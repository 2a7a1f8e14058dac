"""Secrets in effects: the interpreter leaves a placeholder, the driver puts the value in.

`{{ secret.NAME }}` in an integration's template is not rendered by the interpreter (so a
secret never enters the state, the trace or a log); the rendered effect carries the
placeholder `SECRET_PLACEHOLDER` instead, and `fill_secrets` replaces it with the
environment variable NAME just before the request is sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

# The placeholder a rendered template holds for `{{ secret.NAME }}`.
SECRET_PLACEHOLDER: Final = re.compile(r"\{\{\s*secret\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class MissingSecretError(Exception):
    """An effect names a secret whose environment variable is not set; `name` says which."""

    def __init__(self, name: str) -> None:
        super().__init__(f"secret {name} is not set: define the environment variable {name}")
        self.name = name


def fill_secrets(value: Any, environ: Mapping[str, str], used: list[str]) -> Any:
    """`value` (a JSON value) with every secret placeholder in its strings replaced by the
    environment variable it names; each value put in is appended to `used` so that
    error messages can be scrubbed of it. Raises MissingSecretError for an unset one."""
    if isinstance(value, str):
        return SECRET_PLACEHOLDER.sub(lambda match: _lookup(match[1], environ, used), value)
    if isinstance(value, list):
        return [fill_secrets(item, environ, used) for item in value]
    if isinstance(value, dict):
        return {key: fill_secrets(item, environ, used) for key, item in value.items()}
    return value


def _lookup(name: str, environ: Mapping[str, str], used: list[str]) -> str:
    secret = environ.get(name)
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
