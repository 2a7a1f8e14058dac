"""The import rules of docs/INTERNALS.md ("Import rules"), checked on the source itself."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The runtime's format facts: pure modules (no I/O, no interpreter) the compiler may import.
FORMAT_FACTS = {
    "botc.runtime.defaults",
    "botc.runtime.normalize",
    "botc.runtime.wire.pollock",
    "botc.runtime.wire.functions",
    # the limits and the functions that enforce them (check refuses what the loader would)
    "botc.runtime.limits",
    "botc.runtime.regex_dialect",
    "botc.runtime.template_shape",
    "botc.runtime.template_limits",
    "botc.runtime.matching.pattern_globs",
}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imported(node: ast.stmt) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        # `from botc.runtime import defaults` names the module botc.runtime.defaults
        if node.module in ("botc", "botc.runtime", "botc.runtime.wire"):
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        else:
            yield node.module


def _imports(path: Path, *, when_loaded: bool) -> set[str]:
    """The modules `path` imports: all of them, or only those imported when it is loaded
    (not inside a function). Imports under `if TYPE_CHECKING:` never run: left out."""
    found: set[str] = set()
    pending: list[ast.stmt] = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if when_loaded and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        found.update(_imported(node))
        pending.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt))
    return found


def _packages(names: set[str]) -> set[str]:
    """The project's own packages among `names` (`botc.runtime.x` is in `runtime`)."""
    return {name.split(".")[1] for name in names if name.startswith("botc.")}


def _ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", _modules("runtime"), ids=_ids)
def test_the_runtime_never_imports_dsl_or_compiler(path: Path) -> None:
    assert _packages(_imports(path, when_loaded=False)) & {"dsl", "compiler"} == set()


@pytest.mark.parametrize("path", _modules("dsl"), ids=_ids)
def test_dsl_imports_neither_compiler_nor_runtime(path: Path) -> None:
    assert _packages(_imports(path, when_loaded=False)) & {"compiler", "runtime"} == set()


# Packages of the compiler that run a compiled table through the interpreter; only a
# command's `run` function imports them, so `botc check` and `botc compile` never load them.
TABLE_RUNNERS = ("compiler/verification/",)


def _runs_tables(path: Path) -> bool:
    return _ids(path).startswith(TABLE_RUNNERS)


@pytest.mark.parametrize(
    "path", [p for p in _modules("compiler") if not _runs_tables(p)], ids=_ids
)
def test_the_compiler_loads_only_the_format_facts_of_the_runtime(path: Path) -> None:
    loaded = {name for name in _imports(path, when_loaded=True) if name.startswith("botc.runtime")}
    assert loaded - FORMAT_FACTS == set()


@pytest.mark.parametrize(
    "path", [p for p in _modules("compiler") if not _runs_tables(p)], ids=_ids
)
def test_the_packages_that_run_tables_are_loaded_only_by_a_running_command(path: Path) -> None:
    runners = {"botc." + folder.rstrip("/").replace("/", ".") for folder in TABLE_RUNNERS}
    loaded = _imports(path, when_loaded=True)
    assert {name for name in loaded if name.startswith(tuple(runners))} == set()


_OLD_NAMES = {"grammar", "dsl", "compiler", "runtime"}


@pytest.mark.parametrize(
    "path",
    [p for folder in (*_OLD_NAMES, "tests", "benchmarks") for p in _modules(folder)],
    ids=_ids,
)
def test_the_project_imports_its_packages_only_by_their_botc_names(path: Path) -> None:
    top_level = {name.split(".")[0] for name in _imports(path, when_loaded=False)}
    assert top_level & _OLD_NAMES == set()
