"""The compiler: checks a parsed `.bot` module and lowers it to a `botc-table/1` table."""

from botc.compiler.build import LoadedBot, load_bot
from botc.compiler.compile import compile_file, compile_module, compile_source
from botc.compiler.result import CompileResult

__all__ = [
    "CompileResult",
    "LoadedBot",
    "compile_file",
    "compile_module",
    "compile_source",
    "load_bot",
]
