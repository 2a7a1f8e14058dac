"""The string values written in a JSON text, each with the span it has in its file.

A JSON payload of a `.bot` file (an integration's `body`, a `card`, `metadata`, an
`invoke` or `signal` payload) and a card file hold their templates in string values;
the syntax tree keeps only the decoded value (`dsl.ast.Json`), so the strings are found
again in the source text. Keys are not templates and are left out. JSON's escapes are
those of `.bot` strings (`\\"`, `\\n`, `\\u00e9`), so `compiler.positions` places
characters inside them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from botc.dsl.ast import Span, Str

_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_KEY_END = re.compile(r"\s*:")


def json_strings(text: str, line: int = 1, column: int = 1) -> Iterator[Str]:
    """Each string value of `text`, a JSON text that starts at `line`:`column` of its file."""
    line_start = -column + 1  # the offset in `text` of column 1 of the current line
    counted = 0  # offsets before this one have had their line breaks counted
    for match in _STRING.finditer(text):
        if _KEY_END.match(text, match.end()):
            continue
        breaks = text.count("\n", counted, match.start())
        if breaks:
            line += breaks
            line_start = text.rindex("\n", counted, match.start()) + 1
        counted = match.start()
        raw = match.group(0)
        try:
            value = json.loads(raw)
        except ValueError:
            continue  # not JSON after all: the compiler reports it
        start = match.start() - line_start + 1
        yield Str(value, raw, Span(line, start, line, start + len(raw)))


def source_of(lines: list[str], span: Span) -> str:
    """The text a span covers in a file of `lines`."""
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    first = lines[span.line - 1][span.column - 1 :]
    last = lines[span.end_line - 1][: span.end_column - 1]
    return "\n".join([first, *lines[span.line : span.end_line - 1], last])
