"""LivePerson's own OpenAPI file for the Custom Endpoint, run against the live service.

Schemathesis generates requests from `v1.json` and checks every response against it
(status codes, content types, response schemas, no server errors). The path parameters
are pinned to the served bot, so events reach a real conversation and run real turns.
Deviations of the spec file itself are listed in docs/SERVICE.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from service.api import create
from service.conftest import SERVICE_BOT
from service.processes import BotServer

SPEC = Path(__file__).resolve().parents[3] / "shared" / "vendor" / "custom-endpoint" / "v1.json"
if not SPEC.is_file():
    pytest.skip(f"LivePerson's spec file is not at {SPEC}", allow_module_level=True)

schema = schemathesis.openapi.from_path(SPEC)
# Only requests the spec allows: the pinned path parameters and token would otherwise turn
# a deliberately invalid request into a valid one.
schema.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE])
CONVERSATION = "conformance"


@pytest.fixture(scope="module")
def conformance_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    folder = tmp_path_factory.mktemp("conformance")
    server = BotServer(
        SERVICE_BOT,
        folder / "serve.log",
        ["--store", f"sqlite:///{folder}/c.db", "--bot-id", "b1"],
    )
    with server.client() as client:
        create(client, CONVERSATION)
    yield server
    server.stop()


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_service_conforms_to_the_custom_endpoint_spec(
    case: schemathesis.Case, conformance_server: BotServer
) -> None:
    case.path_parameters = {**(case.path_parameters or {}), "apiVersion": "v1", "botId": "b1"}
    if "environment" in case.path_parameters:
        case.path_parameters["environment"] = "draft"
    if case.path.endswith("/events"):
        case.path_parameters["convId"] = CONVERSATION
    case.call_and_validate(
        base_url=conformance_server.base_url,
        headers={"Authorization": f"Bearer {conformance_server.token}"},
    )
