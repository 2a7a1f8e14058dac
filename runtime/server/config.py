"""The service's settings, shared by the `botc serve` command and every worker process.

Workers started by uvicorn are fresh processes, so the settings travel to them as JSON
in the environment variable `BOTC_SERVE_CONFIG`. Secrets never do: the static token is
read from `BOTC_TOKEN` by each worker itself.
"""

from __future__ import annotations

import json
import os
from typing import Literal, cast

import attrs

from botc.runtime.limits import MAX_MESSAGE_CHARS
from botc.runtime.stores.base import DEFAULT_RETENTION_SECONDS, StoreLimits
from botc.runtime.stores.record import DEFAULT_MAX_RECORD_BYTES

CONFIG_VARIABLE = "BOTC_SERVE_CONFIG"
TOKEN_VARIABLE = "BOTC_TOKEN"
# A hosted file may carry its bytes inline (base64 of up to 5 MB), so the default leaves room.
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_UPLOAD_WAIT_SECONDS = 5.0
# Slow clients: open connections per worker, and the time for a request's headers (and
# again for its body) before the connection is closed.
DEFAULT_MAX_CONNECTIONS = 1000
DEFAULT_READ_TIMEOUT_SECONDS = 10.0

AuthMode = Literal["token", "jwt", "none"]


class ConfigError(Exception):
    """The settings cannot work (the message says which and how to fix it)."""


@attrs.frozen
class ServiceConfig:
    """What one service instance serves and how.

    `table_path` is a compiled table (JSON); `bot_id` the only bot id answered (None: any);
    `environments` the environment names served; `store_url` where conversations live;
    `auth` the kind of bearer check; `jwt_public_key_path` the PEM key for `jwt`;
    `max_body_bytes` the largest request body accepted; `upload_wait_seconds` how long a
    request waits for an upload before its outcome goes out with the next reply;
    `max_connections` the open connections a worker keeps (more get 503);
    `read_timeout_seconds` the time a request's headers, then its body, may take;
    `max_record_bytes` the cap on one conversation's stored record; `retention_seconds`
    how long a conversation nobody writes to is kept (None: for ever);
    `max_message_chars` the longest consumer text the bot reads (longer ones are cut).
    """

    table_path: str
    store_url: str
    auth: AuthMode
    bot_id: str | None = None
    environments: tuple[str, ...] = ("draft",)
    jwt_public_key_path: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    upload_wait_seconds: float = DEFAULT_UPLOAD_WAIT_SECONDS
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    read_timeout_seconds: float = DEFAULT_READ_TIMEOUT_SECONDS
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    retention_seconds: float | None = DEFAULT_RETENTION_SECONDS
    max_message_chars: int = MAX_MESSAGE_CHARS

    def store_limits(self) -> StoreLimits:
        """What the store keeps: the record size cap and the retention time."""
        return StoreLimits(self.max_record_bytes, self.retention_seconds)

    def to_json(self) -> str:
        """The settings as one JSON text (no secrets in it)."""
        data = attrs.asdict(self)
        data["environments"] = list(self.environments)
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> ServiceConfig:
        """Read settings written by `to_json`."""
        data = json.loads(text)
        data["environments"] = tuple(data["environments"])
        data["auth"] = cast(AuthMode, data["auth"])
        return cls(**data)

    @classmethod
    def from_environment(cls) -> ServiceConfig:
        """The settings a worker was started with; ConfigError when there are none."""
        text = os.environ.get(CONFIG_VARIABLE)
        if not text:
            raise ConfigError(f"{CONFIG_VARIABLE} is not set: start the service with `botc serve`")
        return cls.from_json(text)
