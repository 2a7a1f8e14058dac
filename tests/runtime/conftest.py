"""Fixtures for the runtime core's tests: bots written as `.bot` text, driven by hand.

`compile_bot(text)` compiles `.bot` source with the real compiler and loads the table;
`core_chat.Chat` drives it through `step`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from core_chat import compile_table

from botc.runtime.loading import Table, load_table

JsonDict = dict[str, Any]
CompileBot = Callable[..., Table]


@pytest.fixture
def compile_bot(tmp_path: Path) -> CompileBot:
    def build(text: str, *, target: str = "custom-endpoint") -> Table:
        return load_table(compile_table(text, tmp_path, target=target))

    return build
