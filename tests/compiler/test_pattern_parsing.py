"""compiler.patterns: pattern text → table items, rank facts, and syntax errors."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from botc.compiler.patterns import PatternError, parse_pattern


def test_literal_pattern_is_one_text_item_and_exact() -> None:
    parsed = parse_pattern("what is my balance")
    assert parsed.items == ({"text": "what is my balance"},)
    assert parsed.exact is True
    assert parsed.literal == len("what is my balance")


def test_stars_keep_adjacent_spaces_in_text_items() -> None:
    parsed = parse_pattern("* my balance *")
    assert parsed.items == ({"star": True}, {"text": " my balance "}, {"star": True})
    assert parsed.exact is False


def test_spaces_a_star_may_swallow_are_not_literal_characters() -> None:
    assert parse_pattern("* my balance *").literal == len("my balance")


def test_choice_items_hold_each_alternative_including_empty() -> None:
    parsed = parse_pattern("thank(|s)")
    assert parsed.items == ({"text": "thank"}, {"choice": [[], [{"text": "s"}]]})


def test_choice_counts_its_shortest_alternative() -> None:
    assert parse_pattern("(hi|hello) there").literal == len("hi there")


def test_optional_counts_nothing_and_keeps_pattern_exact() -> None:
    parsed = parse_pattern("[please] help")
    assert parsed.items == ({"optional": [{"text": "please"}]}, {"text": " help"})
    assert parsed.literal == len("help")
    assert parsed.exact is True


def test_star_inside_a_choice_makes_the_pattern_inexact() -> None:
    assert parse_pattern("(a*|b)").exact is False


def test_regex_pattern_keeps_its_body_and_ranks_lowest() -> None:
    parsed = parse_pattern("/^[0-9]{6}$/")
    assert (parsed.items, parsed.regex, parsed.exact, parsed.literal) == (
        None,
        "^[0-9]{6}$",
        False,
        0,
    )


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ("(yes|no", 0, "never closed"),
        ("hi [there", 3, "never closed"),
        ("hi) there", 2, "closes nothing"),
        ("a ] b", 2, "closes nothing"),
        ("/(unclosed/", 1, "bad regular expression"),
    ],
)
def test_malformed_patterns_raise_with_the_culprit_offset(
    text: str, offset: int, words: str
) -> None:
    with pytest.raises(PatternError) as raised:
        parse_pattern(text)
    assert raised.value.offset == offset
    assert words in raised.value.message


_PLAIN = st.text(alphabet="abcxyz :_-", min_size=1, max_size=20)


@given(_PLAIN)
def test_plain_text_parses_to_itself(text: str) -> None:
    parsed = parse_pattern(text)
    assert "".join(item["text"] for item in parsed.items or ()) == text
    assert parsed.literal <= len(text)


@given(st.lists(st.sampled_from(["ab", "*", " ", "(x|y)", "[z]", "c d"]), min_size=1))
def test_well_formed_patterns_always_parse_and_count_at_most_their_length(
    parts: list[str],
) -> None:
    text = "".join(parts)
    parsed = parse_pattern(text)
    assert parsed.exact == ("*" not in text)
    assert 0 <= parsed.literal <= len(re.sub(r"[()\[\]|*]", "", text))
