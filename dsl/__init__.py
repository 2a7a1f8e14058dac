"""The front end: `.bot` text to a typed AST (`parse`), and back to canonical text."""

from botc.dsl.diagnostics import BotSyntaxError, Diagnostic, render
from botc.dsl.formatter import format_module
from botc.dsl.parser import parse

__all__ = ["BotSyntaxError", "Diagnostic", "format_module", "parse", "render"]
