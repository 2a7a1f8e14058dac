"""Between the compiler's positions (1-based lines and columns, `Span`) and the protocol's
(0-based `Position` / `Range`), and from a `Diagnostic` to the protocol's diagnostic.

Columns count code points; the protocol counts UTF-16 units, which differ only for
characters outside the Basic Multilingual Plane (emoji), rare in `.bot` source.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from dsl.ast import Span
from dsl.diagnostics import Diagnostic

_SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
}


def span_range(span: Span) -> types.Range:
    return types.Range(
        start=types.Position(line=max(span.line - 1, 0), character=max(span.column - 1, 0)),
        end=types.Position(line=max(span.end_line - 1, 0), character=max(span.end_column - 1, 0)),
    )


def position_place(position: types.Position) -> tuple[int, int]:
    """The 1-based (line, column) of a protocol position."""
    return position.line + 1, position.character + 1


def protocol_diagnostic(diagnostic: Diagnostic) -> types.Diagnostic:
    """The diagnostic as the editor shows it: the message, then its hint on a line of its
    own; a named fix travels in `data` to come back with a code-action request."""
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    data: dict[str, Any] | None = None
    if diagnostic.replacement is not None:
        edit_range = span_range(diagnostic.replacement.span)
        data = {
            "replacement": {
                "range": {
                    "start": _position_data(edit_range.start),
                    "end": _position_data(edit_range.end),
                },
                "newText": diagnostic.replacement.text,
            }
        }
    # The lead wires `Diagnostic.code` (issue 12) here once it exists in this tree.
    code = getattr(diagnostic, "code", None)
    return types.Diagnostic(
        range=span_range(diagnostic.span),
        message=message,
        severity=_SEVERITIES[diagnostic.severity],
        source="botc",
        code=code,
        data=data,
    )


def text_edit(data: dict[str, Any]) -> types.TextEdit:
    """The edit that `protocol_diagnostic` put in a diagnostic's `data`, read back."""
    place = data["range"]
    start, end = place["start"], place["end"]
    return types.TextEdit(
        range=types.Range(
            start=types.Position(line=start["line"], character=start["character"]),
            end=types.Position(line=end["line"], character=end["character"]),
        ),
        new_text=data["newText"],
    )


def _position_data(position: types.Position) -> dict[str, int]:
    return {"line": position.line, "character": position.character}
