"""A real `botc lsp` process per test, driven by pytest-lsp's client over stdio."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "botc", "lsp"])
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def balance(tmp_path: Path) -> Path:
    """A copy of examples/balance.bot the test may edit."""
    copy = tmp_path / "balance.bot"
    shutil.copy(EXAMPLES / "balance.bot", copy)
    return copy
