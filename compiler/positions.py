"""Spans for single characters inside strings and expressions, for precise carets."""

from __future__ import annotations

from botc.dsl.ast import Expr, Span, Str

_SIMPLE_ESCAPE_LENGTH = 2  # `\"`, `\\`, `\n`, `\t`
_UNICODE_ESCAPE_LENGTH = 6  # `\u00e9`


def raw_offset(raw: str, index: int) -> int:
    """The offset in `raw` (quotes included) of the decoded character at `index`."""
    position = 1  # past the opening quote
    decoded = 0
    while decoded < index and position < len(raw) - 1:
        if raw[position] == "\\":
            is_unicode = position + 1 < len(raw) and raw[position + 1] == "u"
            position += _UNICODE_ESCAPE_LENGTH if is_unicode else _SIMPLE_ESCAPE_LENGTH
        else:
            position += 1
        decoded += 1
    return position


def char_span_in_string(string: Str, index: int, length: int = 1) -> Span:
    """The span of decoded characters `index..index+length` of a one-line string.

    A string spanning several lines (or with no raw text) gets its whole span.
    """
    span = string.span
    if span.end_line != span.line or not string.raw:
        return span
    start = raw_offset(string.raw, index)
    end = raw_offset(string.raw, index + max(length, 1))
    column = span.column + start
    return Span(span.line, column, span.line, max(span.column + end, column + 1))


def char_span_in_expression(expression: Expr, index: int, length: int = 1) -> Span:
    """The span of characters `index..index+length` of an expression written on one line."""
    span = expression.span
    if span.end_line != span.line:
        return span
    column = min(span.column + index, max(span.end_column - 1, span.column))
    end = max(min(column + max(length, 1), span.end_column), column + 1)
    return Span(span.line, column, span.line, end)
