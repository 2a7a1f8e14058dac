"""The indentation post-lexer: turns line breaks into `_NL`, `_INDENT` and `_DEDENT` tokens.

In: the token stream of lark's contextual lexer, where `_NL` holds a line break with the
blank lines, comment lines and indentation that follow it. Out: the same stream with
  - `_NL` dropped inside `{...}` and `[...]` (JSON may span lines);
  - `_INDENT` / `_DEDENT` after an `_NL` whose indentation is deeper / shallower;
  - a final `_NL` and the closing `_DEDENT`s at the end of the text.
Every token it makes is zero-width at the end of the token before it, so the span of a
statement ends where its text ends, not at the next line's indentation; its value is
`"LINE:COLUMN"`, where the next line's text starts, so an error about it can point there.
Problems that no grammar rule can word (a tab, a dedent to no enclosing level, a bracket
never closed) raise `IndentationProblem`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token
from lark.lark import PostLex

OPENERS = {"LBRACE": "{", "LSQB": "["}
CLOSERS = {"RBRACE": "}", "RSQB": "]"}


class IndentationProblem(Exception):
    """A layout problem at a 1-based line and column, with its wording and a hint."""

    def __init__(self, message: str, line: int, column: int, width: int, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.width = width
        self.hint = hint


def _zero_width(kind: str, value: str, after: Token | None) -> Token:
    """A token of `kind` sitting right after `after` (or at the start of the text)."""
    if after is None:
        return Token(kind, value, 0, 1, 1, 1, 1, 0)
    return Token(
        kind,
        value,
        after.end_pos,
        after.end_line,
        after.end_column,
        after.end_line,
        after.end_column,
        after.end_pos,
    )


def _indentation_of(newline: Token) -> tuple[int, int, str]:
    """The (line, column-after-indent, indent text) that a `_NL` token leaves us at."""
    text = str(newline)
    indent = text.rsplit("\n", 1)[1]
    line = (newline.line or 1) + text.count("\n")
    return line, len(indent) + 1, indent


def _first_line_indented(line: int, column: int) -> IndentationProblem:
    return IndentationProblem(
        "the file's first line is indented",
        line,
        1,
        column - 1,
        "a declaration (`bot`, `integration`, `function`, `dialog`, `test`) "
        "starts at the beginning of its line",
    )


class BlockPostLexer(PostLex):
    """lark's `Indenter` idea, with the tab / dedent / bracket problems worded for authors."""

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        """The lexer's tokens with the layout tokens added (see the module docstring)."""
        return self._process(stream)

    def _process(self, stream: Iterator[Token]) -> Iterator[Token]:
        # Tokens go out as soon as they come in: the contextual lexer picks its terminals
        # by the parser state, so holding one back would lex the next with a stale state.
        levels = [0]
        brackets: list[Token] = []
        last: Token | None = None  # the last real token passed on
        at_line_start = False  # an `_NL` went out after `last`
        for token in stream:
            if token.type == "_NL":
                if brackets:
                    continue
                line, column, indent = _indentation_of(token)
                if last is None:
                    if column != 1 and "#" not in indent:
                        raise _first_line_indented(line, column)
                    continue
                yield _zero_width("_NL", f"{line}:{column}", last)
                at_line_start = True
                if "#" not in indent:  # the text ends with a comment: nothing more to indent
                    yield from self._indents(line, column, indent, levels, last)
                continue
            if last is None and token.column != 1:
                raise _first_line_indented(token.line or 1, token.column or 1)
            if token.type in OPENERS:
                brackets.append(token)
            elif token.type in CLOSERS and brackets:
                brackets.pop()
            yield token
            last = token
            at_line_start = False
        if brackets:
            opener = brackets[-1]
            raise IndentationProblem(
                f"this `{opener}` is never closed",
                opener.line or 1,
                opener.column or 1,
                1,
                f"close it with `{'}' if opener == '{' else ']'}`",
            )
        if last is not None and not at_line_start:
            yield _zero_width("_NL", "", last)
        for _ in levels[1:]:
            yield _zero_width("_DEDENT", "", last)

    @staticmethod
    def _indents(
        line: int, column: int, indent: str, levels: list[int], last: Token
    ) -> Iterator[Token]:
        if "\t" in indent:
            raise IndentationProblem(
                "a tab in the indentation",
                line,
                indent.index("\t") + 1,
                1,
                "indent with spaces only (4 per level)",
            )
        width = column - 1
        if width > levels[-1]:
            levels.append(width)
            yield _zero_width("_INDENT", f"{line}:{column}", last)
            return
        closed: list[int] = []
        while width < levels[-1]:
            closed.append(levels.pop())
            yield _zero_width("_DEDENT", f"{line}:{column}", last)
        if width != levels[-1]:
            choices = " or ".join(str(level) for level in [levels[-1], *reversed(closed)])
            raise IndentationProblem(
                "this line's indentation matches no enclosing block",
                line,
                1,
                width,
                f"line it up with a block above it: indent it by {choices} spaces",
            )
