"""Diagnostics: an error or warning with its place in a file, and how to show it.

Every layer reports problems as `Diagnostic` values; the parser raises `BotSyntaxError`
carrying them. `render` turns them into the form the CLI prints:

    balance.bot:12:9: error[BOT101]: a `say` needs a quoted text
       12 |     say hello
          |         ^^^^^
    hint: write it as say "hello"
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

from botc.dsl.ast import Span

Severity = Literal["error", "warning"]


@attrs.frozen
class Replacement:
    """The edit a hint names, for editors to offer as a quick fix: `text` in place of
    `span` (an empty span inserts; empty text deletes)."""

    span: Span
    text: str


@attrs.frozen(order=False)
class Diagnostic:
    severity: Severity
    message: str
    span: Span
    filename: str
    hint: str | None = None
    code: str | None = None  # a key of dsl.diagnostic_codes.CODES
    replacement: Replacement | None = None  # set when the hint names one edit

    @property
    def label(self) -> str:
        """`error[BOT101]` (or just `error` for a diagnostic with no code)."""
        return self.severity if self.code is None else f"{self.severity}[{self.code}]"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.filename, self.span.line, self.span.column, self.message)


class BotSyntaxError(Exception):
    """The text is not a `.bot` file; `diagnostics` says where and why (one or more)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sorted(diagnostics, key=lambda d: d.sort_key))
        first = self.diagnostics[0]
        super().__init__(f"{first.filename}:{first.span.line}:{first.span.column}: {first.message}")


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: d.sort_key)


_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "hint": "\x1b[36m", "reset": "\x1b[0m"}


def render(diagnostic: Diagnostic, source: str | None, *, colour: bool = False) -> str:
    """The diagnostic as text: the `file:line:col: severity[CODE]: message` line, the source
    line with a caret under the span (when `source` is given), and a `hint:` line."""
    paint = _COLOURS if colour else dict.fromkeys(_COLOURS, "")
    span = diagnostic.span
    lines = [
        f"{diagnostic.filename}:{span.line}:{span.column}: "
        f"{paint[diagnostic.severity]}{diagnostic.label}{paint['reset']}: {diagnostic.message}"
    ]
    # Lines as the parser counts them: only "\n" ends one (not U+2028 and the like).
    source_lines = [line.rstrip("\r") for line in source.split("\n")] if source is not None else []
    if 1 <= span.line <= len(source_lines):
        text = source_lines[span.line - 1].expandtabs(1)
        start = max(span.column - 1, 0)
        if span.end_line == span.line and span.end_column > span.column:
            width = span.end_column - span.column
        else:
            width = max(len(text.rstrip()) - start, 1)
        text, start, width = _window(text, start, max(width, 1))
        gutter = f"{span.line:>5} | "
        lines.append(gutter + text)
        lines.append(" " * (len(gutter) - 2) + "| " + " " * start + "^" * width)
    if diagnostic.hint:
        lines.append(f"{paint['hint']}hint:{paint['reset']} {diagnostic.hint}")
    return "\n".join(lines)


_SHOWN_WIDTH = 100  # a longer source line is cut around the caret
_ELLIPSIS = "…"


def _window(text: str, start: int, width: int) -> tuple[str, int, int]:
    """The part of a long source line around the caret, marked `…` where it is cut, with
    the caret's start and width within that part."""
    if len(text) <= _SHOWN_WIDTH:
        return text, start, width
    width = min(width, _SHOWN_WIDTH // 2)
    left = max(0, min(start - _SHOWN_WIDTH // 4, len(text) - _SHOWN_WIDTH))
    right = min(len(text), left + _SHOWN_WIDTH)
    shown = text[left:right]
    start -= left
    if left > 0:
        shown, start = _ELLIPSIS + shown, start + 1
    if right < len(text):
        shown += _ELLIPSIS
    return shown, start, width


def render_all(
    diagnostics: Iterable[Diagnostic], sources: dict[str, str], *, colour: bool = False
) -> str:
    """Every diagnostic, sorted by file and position, separated by blank lines."""
    return "\n\n".join(
        render(d, sources.get(d.filename), colour=colour) for d in sort_diagnostics(diagnostics)
    )
