"""Parsing a new version of a text again, reusing the declarations that did not change.

An editor sends a new text on every key; most keys change one declaration. The text is
cut at each declaration (a `bot`, `integration`, `function`, `dialog` or `test` line at
the start of a line, as syntax-error recovery cuts it) and each piece is parsed on its
own, padded with the line breaks before it so that its spans are those of the whole
file. A piece whose padded text is the same as in the last version is not parsed again.

The module is the one `dsl.parse` returns for the whole text (the tests compare them on
every fixture). When a piece does not parse on its own, the whole text is parsed, so that
syntax errors are found and worded exactly as `dsl.parse` finds and words them.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from botc.dsl import ast
from botc.dsl.parser import Parsed, _comments, _parse_once, _problems, parse
from botc.dsl.recovery import declaration_starts


@attrs.frozen
class ParsedPiece:
    """What one piece of text holds: its declarations and its comments."""

    declarations: tuple[ast.Declaration, ...]
    comments: tuple[ast.Comment, ...]


# The pieces of one version of a text, by padded text: what the next version may reuse.
Pieces = Mapping[str, ParsedPiece]


def parse_reusing(text: str, filename: str, known: Pieces) -> tuple[ast.Module, Pieces]:
    """The module of `text` (as `dsl.parse(text, filename)`, which raises
    `BotSyntaxError` the same way), and its pieces for the next call; the pieces in
    `known` (from the last call, for the same file) are reused instead of parsed."""
    text = text.removeprefix("\ufeff")
    pieces: dict[str, ParsedPiece] = {}
    for piece in _pieces(text):
        parsed = known.get(piece) or _parse_piece(piece, filename)
        if parsed is None:
            return parse(text, filename), {}
        pieces[piece] = parsed
    declarations = tuple(d for parsed in pieces.values() for d in parsed.declarations)
    comments = tuple(c for parsed in pieces.values() for c in parsed.comments)
    return ast.Module(filename, declarations, comments), pieces


def _pieces(text: str) -> list[str]:
    """`text` cut before each declaration, each piece padded to its place in the file."""
    lines = text.split("\n")
    starts = declaration_starts(lines)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    ends = [*starts[1:], len(lines)]
    return [
        "\n" * start + "\n".join(lines[start:end])
        for start, end in zip(starts, ends, strict=True)
    ]


def _parse_piece(piece: str, filename: str) -> ParsedPiece | None:
    """The piece parsed on its own; None when it has a syntax error or a problem."""
    outcome = _parse_once(piece, filename)
    if not isinstance(outcome, Parsed) or _problems(outcome, []):
        return None
    return ParsedPiece(outcome.declarations, _comments(outcome.comments, piece))
