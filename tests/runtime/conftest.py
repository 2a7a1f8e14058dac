"""Fixtures for the runtime core's tests: bots written as `.bot` text, driven by hand.

`compile_bot(text)` compiles `.bot` source with the real compiler and loads the table;
`core_chat.Chat` drives it through `step`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from runtime.loading import Table, load_table

JsonDict = dict[str, Any]
CompileBot = Callable[..., Table]


def compile_table(text: str, directory: Path, *, target: str = "custom-endpoint") -> JsonDict:
    """The table the real compiler makes of `.bot` `text` (dedented); fails the test with
    the diagnostics when it does not compile."""
    import compiler

    path = directory / "bot.bot"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    result = compiler.compile_file(path, target=target)
    problems = [f"{d.span.line}: {d.message}" for d in result.diagnostics if d.severity == "error"]
    assert result.table is not None, "the bot does not compile:\n" + "\n".join(problems)
    return result.table  # type: ignore[no-any-return]


@pytest.fixture
def compile_bot(tmp_path: Path) -> CompileBot:
    def build(text: str, *, target: str = "custom-endpoint") -> Table:
        return load_table(compile_table(text, tmp_path, target=target))

    return build
