"""Bearer authentication: the static token, RS256 JWTs with LivePerson's scope, none at all."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from service.api import BOT
from service.conftest import SERVICE_BOT
from service.processes import BotServer

SCOPE = "thirdpartybots.customendpoint.bot"
ENVIRONMENTS = f"/v1/bots/{BOT}/environments"


def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def token(key: rsa.RSAPrivateKey, **claims: object) -> str:
    payload = {"sub": "connector", "exp": int(time.time()) + 300, **claims}
    return jwt.encode(payload, key, algorithm="RS256")


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    return private_key()


@pytest.fixture(scope="module")
def jwt_served(
    tmp_path_factory: pytest.TempPathFactory, signing_key: rsa.RSAPrivateKey
) -> Iterator[BotServer]:
    tmp_path = tmp_path_factory.mktemp("jwt")
    key_file = tmp_path / "connector.pub.pem"
    key_file.write_bytes(public_pem(signing_key))
    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/c.db", "--jwt-public-key", str(key_file)],
        token=None,
    )
    yield server
    server.stop()


def status_with(server: BotServer, bearer: str | None) -> int:
    headers = {} if bearer is None else {"Authorization": f"Bearer {bearer}"}
    with httpx.Client(base_url=server.base_url) as client:
        return client.get(ENVIRONMENTS, headers=headers).status_code


def test_static_token_lets_the_request_through(served: BotServer) -> None:
    assert status_with(served, served.token) == 200


def test_jwt_with_the_scope_is_accepted(
    jwt_served: BotServer, signing_key: rsa.RSAPrivateKey
) -> None:
    assert status_with(jwt_served, token(signing_key, scope=f"openid {SCOPE}")) == 200


def test_jwt_with_the_scope_as_a_list_is_accepted(
    jwt_served: BotServer, signing_key: rsa.RSAPrivateKey
) -> None:
    assert status_with(jwt_served, token(signing_key, scp=[SCOPE])) == 200


def test_jwt_without_the_scope_is_403(
    jwt_served: BotServer, signing_key: rsa.RSAPrivateKey
) -> None:
    with httpx.Client(base_url=jwt_served.base_url) as client:
        reply = client.get(
            ENVIRONMENTS,
            headers={"Authorization": f"Bearer {token(signing_key, scope='openid')}"},
        )
    assert reply.status_code == 403 and SCOPE in reply.json()["error"]


def test_jwt_signed_by_another_key_is_401(jwt_served: BotServer) -> None:
    assert status_with(jwt_served, token(private_key(), scope=SCOPE)) == 401


def test_expired_jwt_is_401(jwt_served: BotServer, signing_key: rsa.RSAPrivateKey) -> None:
    expired = token(signing_key, scope=SCOPE, exp=int(time.time()) - 60)
    assert status_with(jwt_served, expired) == 401


def test_jwt_service_refuses_requests_without_a_token(jwt_served: BotServer) -> None:
    assert status_with(jwt_served, None) == 401


def test_jwt_service_refuses_the_static_token(jwt_served: BotServer) -> None:
    assert status_with(jwt_served, "test-token-not-a-secret") == 401


def test_no_auth_serves_requests_without_a_token(tmp_path: Path) -> None:
    server = BotServer(
        SERVICE_BOT,
        tmp_path / "serve.log",
        ["--store", f"sqlite:///{tmp_path}/c.db", "--no-auth"],
        token=None,
    )
    try:
        assert status_with(server, None) == 200
    finally:
        server.stop()
