"""Test lines written the way a newcomer guesses them, each worded by one small function.

`bot says "Hello!"`, `expect "Hello!"`, `expect transfer to skill billing` and
`Api returns status=404` read naturally but are not the test language: each gets the
line as it should be written (`bot: "Hello!"` is worded with every keyword followed by
a colon, in `dsl.common_mistakes`). `TEST_LINE_WORDINGS` is tried by
`dsl.syntax_errors` before the general wordings of `dsl.common_mistakes`.
"""

from __future__ import annotations

import re

from botc.dsl.ast import Span
from botc.dsl.diagnostics import Replacement
from botc.dsl.error_context import Place, Source, SyntaxProblem

# The lines whose keyword is followed directly by their text (a `bot` block's too).
_TEXT_LINES = ("bot", "user", "agents")


def _text_line_with_says(place: Place, text: Source) -> SyntaxProblem | None:
    """`bot says "Hello!"` in a test: `says` belongs to a dialog's `user says` trigger."""
    if place.kind != "SAYS" or place.keyword not in _TEXT_LINES or place.expected != {"STRING"}:
        return None
    rest = place.line_text[place.span.end_column - 1 :].strip()
    span = Span(place.line, place.column, place.line, _next_word_column(place))
    return text.problem(
        f"`{place.keyword}` is followed by its text, without `says`",
        place.span,
        f"write `{place.keyword} {rest}`",
        replacement=Replacement(span, ""),
        code="BOT103",
    )


def _expect_a_text(place: Place, text: Source) -> SyntaxProblem | None:
    """`expect "Hello!"`: a message is checked with a `bot` line."""
    if place.keyword != "expect" or place.kind != "STRING" or "TRANSFER" not in place.expected:
        return None
    start = place.line_text.index("expect") + 1
    return text.problem(
        "`expect` takes a kind of item (`expect transfer`, `expect card`...); "
        "a message is checked with a `bot` line",
        place.span,
        f"write `bot {place.token}`",
        replacement=Replacement(Span(place.line, start, place.line, place.column), "bot "),
        code="BOT103",
    )


def _expect_transfer_to_a_skill_name(place: Place, text: Source) -> SyntaxProblem | None:
    """`expect transfer to skill billing`: the test line takes a skill id only."""
    if place.keyword != "expect" or place.expected != {"INT"} or place.kind == "_NL":
        return None
    if not re.search(r"\bskill\s*$", place.line_text[: place.column - 1]):
        return None
    return text.problem(
        f"`expect transfer to skill` takes a skill id (a whole number), found {place.found}",
        place.span,
        "a transfer to a skill by name is checked with `expect transfer` (any transfer)",
        code="BOT103",
    )


def _status_with_equals(place: Place, text: Source) -> SyntaxProblem | None:
    """`Api returns status=404`: the status follows `status` after a space."""
    if place.kind != "EQUAL" or place.expected != {"INT"}:
        return None
    before = place.line_text[: place.column - 1].rstrip()
    after = place.line_text[place.span.end_column - 1 :].strip()
    return text.problem(
        "a status is written after `status` with a space, without `=`",
        place.span,
        f"write `{before.strip()} {after}`",
        replacement=Replacement(place.span, " " if not after.startswith(" ") else ""),
        code="BOT103",
    )


def _next_word_column(place: Place) -> int:
    """The column where the word after the token starts (the token and its spaces end)."""
    end = place.span.end_column - 1
    rest = place.line_text[end:]
    return end + len(rest) - len(rest.lstrip()) + 1


# Tried in order, before the general wordings.
TEST_LINE_WORDINGS = (
    _text_line_with_says,
    _expect_a_text,
    _expect_transfer_to_a_skill_name,
    _status_with_equals,
)
