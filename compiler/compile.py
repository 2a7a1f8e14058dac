"""The compiler's front door: text or module in, `CompileResult` (table + diagnostics) out.

compile_file: read → parse (`dsl.parse`) → check → lower. Nothing here raises for bad
input: unreadable files, syntax errors, check findings and even compiler bugs all come
back as diagnostics.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from botc import dsl
from botc.compiler.checks.catalogue import run_checks
from botc.compiler.checks.context import CheckContext, CompileTarget
from botc.compiler.flow import build_flow
from botc.compiler.lower import lower_module
from botc.compiler.module_steps import module_steps
from botc.compiler.result import CompileResult
from botc.compiler.symbols import resolve_names
from botc.dsl.ast import Module, Span
from botc.dsl.diagnostics import BotSyntaxError, Diagnostic, sort_diagnostics

_FILE_START = Span(1, 1, 1, 1)
_BUG_HINT = "this is a bug in botc; please report it with the file"


def compile_module(
    module: Module, *, target: CompileTarget = "custom-endpoint", base_dir: Path | str = "."
) -> CompileResult:
    """Check `module` and, when it has no errors, lower it to a table.

    `base_dir` is the folder `card file` paths are relative to; `target` selects which
    response format the bot must fit (`custom-endpoint` or `functions`).
    """
    base = Path(base_dir)
    try:
        symbols = resolve_names(module)
        steps = module_steps(module)  # each step's parts, shared by the flow and the checks
        context = CheckContext(
            module=module,
            symbols=symbols,
            flow=build_flow(module, symbols, steps),
            base_dir=base,
            target=target,
            steps=steps,
        )
    except Exception as crash:  # a compiler bug is a diagnostic, never a traceback
        return CompileResult(
            table=None, diagnostics=(_internal_error(module.filename, "resolving names", crash),)
        )
    diagnostics = sort_diagnostics(run_checks(context))
    if any(d.severity == "error" for d in diagnostics):
        return CompileResult(table=None, diagnostics=tuple(diagnostics))
    try:
        table = lower_module(
            module, base_dir=base, step_parts=context.steps, symbols=context.symbols
        )
    except Exception as crash:  # a compiler bug is a diagnostic, never a traceback
        bug = _internal_error(module.filename, "lowering", crash)
        return CompileResult(table=None, diagnostics=(*diagnostics, bug))
    return CompileResult(table=table, diagnostics=tuple(diagnostics))


def compile_source(
    text: str,
    filename: str,
    *,
    target: CompileTarget = "custom-endpoint",
    base_dir: Path | str = ".",
    parse: Callable[[str, str], Module] | None = None,
) -> CompileResult:
    """Parse and compile `.bot` text; syntax errors come back as diagnostics.

    `parse` is `dsl.parse` unless given one that returns the same module sooner (the
    language server's, which reuses the declarations of the text's last version)."""
    with _collection_paused():
        try:
            module = (parse or dsl.parse)(text, filename)
        except BotSyntaxError as error:
            return CompileResult(table=None, diagnostics=error.diagnostics, source=text)
        except Exception as crash:  # a parser bug is a diagnostic, never a traceback
            return CompileResult(
                table=None, diagnostics=(_internal_error(filename, "parsing", crash),), source=text
            )
        result = compile_module(module, target=target, base_dir=base_dir)
    return CompileResult(
        table=result.table, diagnostics=result.diagnostics, source=text, module=module
    )


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a file compiles: the parse tree and the AST are
    many objects that all stay alive, so each full collection would walk them in vain (a
    quarter of the time on big files). Garbage left meanwhile is collected afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compile_file(path: Path | str, *, target: CompileTarget = "custom-endpoint") -> CompileResult:
    """Read, parse, check and lower one `.bot` file; a missing or unreadable file is a
    diagnostic too. Card files are read relative to the file's folder."""
    filename = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return _unreadable(filename, "no such file")
    except IsADirectoryError:
        return _unreadable(filename, "this is a folder, not a .bot file")
    except UnicodeDecodeError as problem:
        return _unreadable(filename, f"the file is not UTF-8 text ({problem.reason})")
    except OSError as problem:
        return _unreadable(filename, f"cannot read the file: {problem.strerror or problem}")
    return compile_source(text, filename, target=target, base_dir=Path(path).parent)


def _unreadable(filename: str, reason: str) -> CompileResult:
    diagnostic = Diagnostic("error", reason, _FILE_START, filename, "check the path", "BOT002")
    return CompileResult(table=None, diagnostics=(diagnostic,), source=None)


def _internal_error(filename: str, stage: str, crash: Exception) -> Diagnostic:
    return Diagnostic(
        "error",
        f"internal error in the compiler while {stage}: {type(crash).__name__}: {crash}",
        _FILE_START,
        filename,
        _BUG_HINT,
        "BOT001",
    )
