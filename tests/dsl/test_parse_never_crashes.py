"""Whatever the text, `parse` returns a module or raises `BotSyntaxError` — nothing else.

Random edits of the well-formed fixtures (cut a piece, paste syntax characters) make the
broken inputs; every diagnostic must point inside the file and speak the author's words.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from botc.dsl import BotSyntaxError, parse, render
from botc.dsl.parser import UNWORDED

VALID = sorted((Path(__file__).parents[1] / "bots" / "valid").glob("*.bot"))
SOURCES = [path.read_text(encoding="utf-8") for path in VALID]
INTERNAL_WORDS = ("__ANON", "_NL", "$END", "_INDENT", "_DEDENT", "Token(", "EXPR")

pieces = st.text(alphabet='\n\t "\\{}[]:,#->=.ab0123456789 ', max_size=6)


@st.composite
def edited_sources(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        start = draw(st.integers(min_value=0, max_value=len(text)))
        end = draw(st.integers(min_value=start, max_value=min(len(text), start + 8)))
        text = text[:start] + draw(pieces) + text[end:]
    return text


def _check(text: str) -> None:
    try:
        parse(text, "edited.bot")
    except BotSyntaxError as error:
        lines = text.split("\n")
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            assert 1 <= diagnostic.span.line <= len(lines)
            assert diagnostic.span.column >= 1
            assert diagnostic.message != UNWORDED
            rendered = render(diagnostic, text)
            # A word the author wrote (random text may spell `EXPR`) is quoted, not leaked.
            leaked = [word for word in INTERNAL_WORDS if word in rendered and word not in text]
            assert not leaked, rendered


@settings(max_examples=300)
@given(edited_sources())
def test_edited_fixture_parses_or_raises_a_located_syntax_error(text: str) -> None:
    _check(text)


@settings(max_examples=100)
@given(st.text(max_size=80))
def test_arbitrary_text_parses_or_raises_a_located_syntax_error(text: str) -> None:
    _check(text)
