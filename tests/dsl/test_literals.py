"""Strings, durations and sizes: read with exact error offsets, written canonically."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from botc.dsl.literals import LiteralProblem, decode_string, duration_ms, quote, size_bytes

texts = st.text(st.characters(exclude_categories=("Cs",)))


@given(texts)
def test_quoted_text_reads_back_as_itself(value: str) -> None:
    assert decode_string(quote(value)) == value


@given(texts)
def test_quoted_text_holds_no_raw_line_break_or_control_character(value: str) -> None:
    assert not any(ord(char) < 0x20 for char in quote(value))


def test_quote_uses_the_short_escapes_and_keeps_unicode() -> None:
    assert quote('a "b" \\ \n \t é 🎉 \r') == '"a \\"b\\" \\\\ \\n \\t é 🎉 \\u000d"'


@pytest.mark.parametrize(
    ("raw", "offset", "words"),
    [
        (r'"a\qb"', 2, "unknown escape `\\q`"),
        (r'"\u12"', 1, "`\\u` needs four hex digits"),
        (r'"ok \ud83d alone"', 4, "lone surrogate"),
    ],
)
def test_bad_escape_is_reported_at_its_backslash(raw: str, offset: int, words: str) -> None:
    with pytest.raises(LiteralProblem) as caught:
        decode_string(raw)
    assert caught.value.offset == offset
    assert words in caught.value.message


def test_json_strings_also_take_json_escapes() -> None:
    assert decode_string(r'"\/\b\f\r"', json_escapes=True) == "/\b\f\r"
    with pytest.raises(LiteralProblem):
        decode_string(r'"\r"')


def test_surrogate_pair_escapes_make_one_character() -> None:
    assert decode_string(r'"\ud83c\udf89"') == "🎉"


@pytest.mark.parametrize(("text", "ms"), [("250ms", 250), ("5s", 5000), ("3m", 180_000)])
def test_duration_in_milliseconds(text: str, ms: int) -> None:
    assert duration_ms(text) == ms


@pytest.mark.parametrize(("text", "size"), [("512kb", 524_288), ("5mb", 5_242_880)])
def test_size_in_bytes(text: str, size: int) -> None:
    assert size_bytes(text) == size


@pytest.mark.parametrize("text", ["5h", "5", "s", "1.5s"])
def test_malformed_duration_is_a_problem(text: str) -> None:
    with pytest.raises(LiteralProblem):
        duration_ms(text)
