"""The one LALR parser of `grammar/bot.lark`, built once per process, and the comments its
lexer collects.

`dsl.parser` parses with it; `dsl.step_keywords` reads the step keywords off its rules, so
the words of a message come from the grammar itself.
"""

from __future__ import annotations

import functools
import re
from contextvars import ContextVar

from lark import Lark, Token

from botc.dsl.indentation import BlockPostLexer
from botc.grammar import GRAMMAR_PATH

# The comments the lexer meets during the parse running in this context (None: not kept).
COLLECTED_COMMENTS: ContextVar[list[Token] | None] = ContextVar(
    "COLLECTED_COMMENTS", default=None
)

_OWN_LINE_COMMENT = re.compile(r"#[^\n]*")


def _collect_comment(token: Token) -> Token:
    comments = COLLECTED_COMMENTS.get()
    if comments is not None:
        comments.append(token)
    return token


def _collect_line_comments(token: Token) -> Token:
    """The comments on lines of their own, which the `_NL` token holds."""
    comments = COLLECTED_COMMENTS.get()
    if comments is not None and "#" in token:  # most line breaks hold no comment
        text = str(token)
        for match in _OWN_LINE_COMMENT.finditer(text):
            before = text[: match.start()]
            line = (token.line or 1) + before.count("\n")
            column = match.start() - before.rfind("\n")
            comments.append(Token("COMMENT", match.group(0), 0, line, column))
    return token


@functools.cache
def bot_parser() -> Lark:
    """The one LALR parser of the language, built once per process (and cached on disk)."""
    return Lark(
        GRAMMAR_PATH.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        postlex=BlockPostLexer(),
        propagate_positions=True,
        maybe_placeholders=True,
        lexer_callbacks={"COMMENT": _collect_comment, "_NL": _collect_line_comments},
        cache=True,
    )


@functools.cache
def terminal_literals() -> dict[str, str]:
    """The grammar's keyword and punctuation terminals by name: `SAY` -> `say`."""
    return {
        terminal.name: terminal.pattern.value
        for terminal in bot_parser().terminals
        if terminal.pattern.type == "str"
    }
