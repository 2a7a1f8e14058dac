"""Who may call the service: a static bearer token, or RS256 JWTs with LivePerson's scope.

`Authenticator.check(header)` takes the `Authorization` header and returns None when
the request may go on, or a `Denial` with the HTTP status (401: no valid token; 403: a
valid token without the scope) and a message that never repeats the token.
"""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Any

import attrs
import jwt
from jwt.algorithms import RSAAlgorithm

from botc.runtime.server.config import TOKEN_VARIABLE, ConfigError, ServiceConfig

# LivePerson's scope for calls from the Third-Party Bots connector to a Custom Endpoint.
REQUIRED_SCOPE = "thirdpartybots.customendpoint.bot"


@attrs.frozen
class Denial:
    """A refused request: `status` 401 or 403 and why."""

    status: int
    message: str


class Authenticator:
    """Checks bearer tokens against a static token, a public key, or nothing (`--no-auth`)."""

    def __init__(self, *, token: str | None = None, public_key: str | None = None) -> None:
        self._token = token
        self._public_key = public_key
        # parsed once: parsing the PEM on every request cost ~70 µs of each
        self._key: Any = None if public_key is None else _parsed_key(public_key)

    @classmethod
    def from_config(cls, config: ServiceConfig, environ: dict[str, str]) -> Authenticator:
        """The authenticator `config` asks for; ConfigError when its secret is missing."""
        if config.auth == "none":
            return cls()
        if config.auth == "token":
            token = environ.get(TOKEN_VARIABLE, "")
            if not token:
                raise ConfigError(f"{TOKEN_VARIABLE} is empty: set it to the static bearer token")
            return cls(token=token)
        if config.jwt_public_key_path is None:
            raise ConfigError("JWT authentication needs --jwt-public-key FILE")
        try:
            key = Path(config.jwt_public_key_path).read_text()
        except OSError as error:
            raise ConfigError(f"cannot read JWT public key: {error}") from error
        if "PUBLIC KEY" not in key:
            raise ConfigError(
                f"{config.jwt_public_key_path} is not a PEM public key (BEGIN PUBLIC KEY)"
            )
        try:
            return cls(public_key=key)
        except (ValueError, TypeError, jwt.InvalidKeyError) as error:
            raise ConfigError(
                f"{config.jwt_public_key_path} is not a usable RSA public key: {error}"
            ) from None

    def check(self, header: str | None) -> Denial | None:
        """None when `header` (the Authorization value) lets the request through."""
        if self._token is None and self._public_key is None:
            return None
        if not header:
            return Denial(401, "missing Authorization header (expected: Bearer <token>)")
        scheme, _, credential = header.partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential:
            return Denial(401, "the Authorization header must be: Bearer <token>")
        if self._token is not None:
            if hmac.compare_digest(credential.encode(), self._token.encode()):
                return None
            return Denial(401, "invalid bearer token")
        return self._check_jwt(credential)

    def _check_jwt(self, credential: str) -> Denial | None:
        assert self._key is not None
        try:
            claims = jwt.decode(
                credential,
                self._key,
                algorithms=["RS256"],
                options={"verify_aud": False},
            )
        except jwt.ExpiredSignatureError:
            return Denial(401, "the JWT has expired")
        except jwt.InvalidTokenError as error:
            return Denial(401, f"invalid JWT: {error}")
        if REQUIRED_SCOPE not in _scopes(claims):
            return Denial(403, f"the JWT lacks the scope {REQUIRED_SCOPE}")
        return None


def _parsed_key(pem: str) -> Any:
    """The RSA public key object of `pem`; raises ValueError when it is not one."""
    return RSAAlgorithm(RSAAlgorithm.SHA256).prepare_key(pem)


def _scopes(claims: dict[str, object]) -> set[str]:
    # OAuth servers write scopes as one space-separated string or as a list, as `scope` or `scp`.
    found: set[str] = set()
    for name in ("scope", "scp"):
        value = claims.get(name)
        if isinstance(value, str):
            found.update(value.split())
        elif isinstance(value, list):
            found.update(item for item in value if isinstance(item, str))
    return found
