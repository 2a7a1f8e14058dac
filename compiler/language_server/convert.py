"""Between the compiler's positions (1-based lines and columns, `Span`) and the protocol's
(0-based `Position` / `Range`), and from a `Diagnostic` to the protocol's diagnostic: its
code links to the code's section of docs/DIAGNOSTICS.md where that page is installed
(what `botc check --explain CODE` prints).

Columns count code points; the protocol counts UTF-16 units, which differ only for
characters outside the Basic Multilingual Plane (emoji), rare in `.bot` source.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from lsprotocol import types

from botc.compiler.explain import DOC_PATH
from botc.dsl.ast import Span
from botc.dsl.diagnostics import Diagnostic

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
    return types.Diagnostic(
        range=span_range(diagnostic.span),
        message=message,
        severity=_SEVERITIES[diagnostic.severity],
        source="botc",
        code=diagnostic.code,
        code_description=code_page(diagnostic.code),
        data=data,
    )


@cache
def code_page(code: str | None) -> types.CodeDescription | None:
    """The code's section of docs/DIAGNOSTICS.md; None without a code, or without the
    page or the code's section in it."""
    if code is None:
        return None
    heading = _headings().get(code)
    if heading is None:
        return None
    return types.CodeDescription(href=f"{DOC_PATH.as_uri()}#{_anchor(heading)}")


@cache
def _headings() -> dict[str, str]:
    """Each code's section heading in docs/DIAGNOSTICS.md (none where it is not installed)."""
    try:
        text = DOC_PATH.read_text(encoding="utf-8")
    except OSError:
        return {}
    return {m.group(1): m.group(0)[3:] for m in _HEADING.finditer(text)}


_HEADING = re.compile(r"^## (BOT\d{3}) — .*$", re.MULTILINE)


def _anchor(heading: str) -> str:
    """The fragment a Markdown renderer gives a heading (GitHub's and VS Code's rule)."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


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
