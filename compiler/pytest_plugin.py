"""pytest plugin `botc`: the `test` blocks of `*.bot` files become pytest items.

Which files: a `.bot` file named on the command line is always collected; otherwise a
`.bot` file is collected when it lies under one of the folders of the ini option
`botc_paths` (relative to the rootdir; default `examples`), so that deliberately broken
fixtures elsewhere (`tests/bots/`) are not. Set `botc_paths = .` to collect every `.bot`.
Each test block is one item named after the test; a file that does not compile is one
failing item (`compile`) showing its diagnostics.

It lives in the compiler, like `botc test`, because it must compile the `.bot` files it
collects (`compiler.build.load_bot`, imported when a file is collected, never at import
time); everything it runs goes through the tables alone (`runtime.testing`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DEFAULT_PATHS = ("examples",)
# The `.bot` files passed over, to point at `botc_paths` when a folder named on the
# command line held some (a newcomer's `pytest mybots/` would otherwise collect nothing).
_SKIPPED = pytest.StashKey[list[Path]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "botc_paths",
        type="linelist",
        default=list(DEFAULT_PATHS),
        help="folders (relative to the rootdir) whose .bot files are collected as tests",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".bot":
        return None
    if not _wanted(file_path, parent.config):
        parent.config.stash.setdefault(_SKIPPED, []).append(file_path.resolve())
        return None
    collector: BotFile = BotFile.from_parent(parent, path=file_path)
    return collector


def _wanted(file_path: Path, config: pytest.Config) -> bool:
    """True when the file was named on the command line or lies under a `botc_paths` folder."""
    resolved = file_path.resolve()
    named = {(Path(config.invocation_params.dir) / a.split("::")[0]).resolve() for a in config.args}
    if resolved in named:
        return True
    folders: list[str] = config.getini("botc_paths")
    return any(resolved.is_relative_to((config.rootpath / f).resolve()) for f in folders)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Say so when a folder named on the command line held `.bot` files not collected."""
    skipped = config.stash.get(_SKIPPED, [])
    here = Path(config.invocation_params.dir)
    for argument in config.invocation_params.args:
        folder = (here / str(argument).split("::")[0]).resolve()
        if not folder.is_dir():
            continue
        passed_over = [path for path in skipped if path.is_relative_to(folder)]
        if passed_over:
            terminalreporter.write_line(
                f"botc: {len(passed_over)} .bot file(s) under {argument} were not collected: "
                f"only folders in the ini option botc_paths are (add -o botc_paths={argument})"
            )


class BotFile(pytest.File):
    """A `.bot` file: one item per `test` block, or one failing item when it does not compile."""

    def collect(self) -> Iterator[pytest.Item]:
        from botc.compiler.build import load_bot, render_loaded  # see the module docstring

        loaded = load_bot(self.path)
        if loaded.table is None:
            yield BotCompileItem.from_parent(
                self, name="compile", diagnostics=render_loaded(loaded)
            )
            return
        for test in loaded.table.get("tests") or []:
            yield BotTestItem.from_parent(
                self, name=str(test["name"]), table=loaded.table, test=test
            )


class BotTestFailed(Exception):
    """A `test` block failed; `text` explains it."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(text)


class _BotItem(pytest.Item):
    """An item whose failure is shown as the bot-level report it carries, not a traceback."""

    # Other plugins' runtest wrappers read `item.funcargs` as on pytest's own `Function`
    # (pytest-lsp 1.0 skips its `yield` without it, which fails every .bot item).
    funcargs: dict[str, Any] = {}  # noqa: RUF012 - read only, never filled

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        if isinstance(excinfo.value, BotTestFailed):
            return excinfo.value.text
        return super().repr_failure(excinfo, style=style)


class BotTestItem(_BotItem):
    """One `test` block of a `.bot` file."""

    def __init__(self, *, table: dict[str, Any], test: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.table = table
        self.test = test

    def runtest(self) -> None:
        from botc.runtime.testing.report import failure_text
        from botc.runtime.testing.runner import run_test

        result = run_test(self.table, self.test)
        if not result.passed:
            raise BotTestFailed(failure_text(result, self._shown_path()))

    def _shown_path(self) -> str:
        return self.nodeid.split("::")[0]

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, int(self.test.get("line") or 1) - 1, f"test {self.name!r}"


class BotCompileItem(_BotItem):
    """A `.bot` file that does not compile: fails, showing the diagnostics."""

    def __init__(self, *, diagnostics: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.diagnostics = diagnostics

    def runtest(self) -> None:
        raise BotTestFailed(f"{self.path.name} does not compile:\n{self.diagnostics}")

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, "compile"
