"""Shared set-up for the tests of `runtime.testing`: compiling bots written in a test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from botc.compiler.build import load_bot, render_loaded

FIXTURES = Path(__file__).resolve().parents[1] / "bots" / "testing"

Table = dict[str, Any]


def compile_path(path: Path | str) -> Table:
    """The table of a `.bot` file that must compile."""
    loaded = load_bot(path)
    assert loaded.table is not None, render_loaded(loaded)
    return loaded.table


@pytest.fixture
def fixtures() -> Path:
    """The folder of this part's `.bot` fixtures (bots with planted bugs, and a clean one)."""
    return FIXTURES


@pytest.fixture
def compiled() -> Callable[[Path | str], Table]:
    """Compile a `.bot` file that must compile and return its table."""
    return compile_path


@pytest.fixture
def bot(write_bot: Callable[[str], Path]) -> Callable[[str], Table]:
    """Compile dedented `.bot` text and return its table."""

    def build(text: str) -> Table:
        return compile_path(write_bot(text))

    return build
