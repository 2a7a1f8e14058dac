"""The front end: `.bot` text to a typed AST (`parse`), and back to canonical text."""

from dsl.diagnostics import BotSyntaxError, Diagnostic, render
from dsl.parser import parse

__all__ = ["BotSyntaxError", "Diagnostic", "parse", "render"]
