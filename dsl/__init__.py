"""The front end: `.bot` text to a typed AST (`parse`), and back to canonical text."""

from dsl.diagnostics import BotSyntaxError, Diagnostic, render
from dsl.formatter import format_module
from dsl.parser import parse

__all__ = ["BotSyntaxError", "Diagnostic", "format_module", "parse", "render"]
