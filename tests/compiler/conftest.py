"""Fixtures for compiler tests: compile `.bot` text written in the test itself."""

from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

from botc.compiler import CompileResult, compile_file
from botc.compiler.checks.context import CompileTarget

CompileText = Callable[..., CompileResult]


@pytest.fixture
def compile_text(tmp_path: Path) -> CompileText:
    """`compile_text(text, target=..., files={"card.json": "..."})` compiles `text` (dedented,
    leading blank line dropped, so line 1 is the first written line) as `bot.bot` in a
    fresh folder holding `files`."""

    def run(
        text: str,
        *,
        target: CompileTarget = "custom-endpoint",
        files: dict[str, str] | None = None,
    ) -> CompileResult:
        for name, content in (files or {}).items():
            (tmp_path / name).write_text(content, encoding="utf-8")
        path = tmp_path / "bot.bot"
        path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
        return compile_file(path, target=target)

    return run
