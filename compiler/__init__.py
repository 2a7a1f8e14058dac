"""The compiler: checks a parsed `.bot` module and lowers it to a `botc-table/1` table."""

from compiler.build import LoadedBot, load_bot
from compiler.compile import compile_file, compile_module, compile_source
from compiler.result import CompileResult

__all__ = [
    "CompileResult",
    "LoadedBot",
    "compile_file",
    "compile_module",
    "compile_source",
    "load_bot",
]
