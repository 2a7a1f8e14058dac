"""One test per matching rule of LANGUAGE.md 4.1-4.2, on the index (`runtime.matching.matcher`)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from reference_matcher import table_pattern

from botc.runtime.matching.matcher import Match, PatternShapeError, TriggerIndex
from botc.runtime.normalize import normalize


def index_of(*sources: str, excludes: Sequence[Sequence[str]] = ()) -> TriggerIndex:
    """An index of the patterns `sources` (file order), pattern i leading to dialog i."""
    words = list(excludes) + [()] * (len(sources) - len(excludes))
    return TriggerIndex.build(
        [
            table_pattern(s, order=i, excludes=w)
            for i, (s, w) in enumerate(zip(sources, words, strict=True))
        ]
    )


def route(index: TriggerIndex, text: str) -> Match | None:
    return index.route(normalize(text))


def test_pattern_must_match_the_whole_text_not_a_part() -> None:
    index = index_of("my balance")
    assert route(index, "what is my balance") is None
    assert route(index, "my balance please") is None
    assert route(index, "My Balance?") == Match(pattern=0, dialog=0, star=())


def test_upload_outcome_star_holds_the_rest_of_the_text() -> None:
    match = route(
        index_of("file_upload_success:*"), "file_upload_success:Successfully processed the file."
    )
    assert match == Match(pattern=0, dialog=0, star=("successfully processed the file",))


def test_star_may_match_nothing() -> None:
    assert route(index_of("file_upload_failed:*"), "file_upload_failed:") == Match(0, 0, ("",))


def test_stars_next_to_spaces_take_them_when_matching_nothing() -> None:
    assert route(index_of("* my balance *"), "my balance") == Match(0, 0, ("", ""))


def test_stars_around_a_phrase_capture_both_sides() -> None:
    match = route(index_of("* my balance *"), "So what is my balance today?")
    assert match == Match(0, 0, ("so what is", "today"))


def test_star_between_spaces_takes_only_one_of_them() -> None:
    index = index_of("a * b")
    assert route(index, "a b") == Match(0, 0, ("",))
    assert route(index, "ab") is None


def test_star_does_not_split_a_word_when_a_space_is_written() -> None:
    assert route(index_of("* balance"), "mybalance") is None


def test_captures_are_trimmed_of_white_space() -> None:
    assert route(index_of("hello*"), "hello world") == Match(0, 0, ("world",))


def test_leftmost_star_is_as_short_as_possible() -> None:
    assert route(index_of("* and *"), "tea and cake and jam") == Match(
        0, 0, ("tea", "cake and jam")
    )


def test_choice_with_empty_alternative_matches_with_or_without_it() -> None:
    index = index_of("thank(|s)")
    assert route(index, "thank") == Match(0, 0, ())
    assert route(index, "Thanks!") == Match(0, 0, ())
    assert route(index, "thanksss") is None


def test_choice_matches_exactly_one_alternative() -> None:
    index = index_of("(hi|hello) there")
    assert route(index, "hello there") == Match(0, 0, ())
    assert route(index, "hihello there") is None


def test_absent_optional_takes_one_adjacent_space() -> None:
    index = index_of("what is [my] balance")
    assert route(index, "what is my balance") == Match(0, 0, ())
    assert route(index, "what is balance") == Match(0, 0, ())
    assert route(index, "what isbalance") is None


def test_optional_at_the_edges_may_be_absent() -> None:
    index = index_of("[please] help [me]")
    for text in ("help", "please help", "help me", "please help me"):
        assert route(index, text) == Match(0, 0, ()), text


def test_stars_inside_choices_keep_their_written_numbers() -> None:
    index = index_of("(* apples|pears *) now *")
    assert route(index, "pears green now please") == Match(0, 0, ("", "green", "please"))


def test_regex_must_match_the_whole_text_and_groups_are_captures() -> None:
    index = index_of("/([0-9]+) (items?)/")
    assert route(index, "12 items") == Match(0, 0, ("12", "items"))
    assert route(index, "buy 12 items") is None


def test_excluded_word_stops_the_pattern() -> None:
    index = index_of("* balance *", excludes=[["cancel"]])
    assert route(index, "cancel my balance check") is None


def test_excluded_word_counts_only_as_a_whole_word() -> None:
    index = index_of("* balance *", excludes=[["cancel"]])
    assert route(index, "cancelled balance check") == Match(0, 0, ("cancelled", "check"))


def test_excluded_pattern_lets_the_next_best_win() -> None:
    index = index_of("* my balance *", "* balance *", excludes=[["cancel"]])
    assert route(index, "cancel my balance now") == Match(1, 1, ("cancel my", "now"))


def test_exact_pattern_beats_a_wildcard_with_more_literal_characters() -> None:
    index = index_of("* my balance", "my balance")
    assert route(index, "my balance") == Match(1, 1, ())


def test_more_literal_characters_win_among_wildcards() -> None:
    index = index_of("* balance", "* my balance")
    assert route(index, "what is my balance") == Match(1, 1, ("what is",))


def test_tie_goes_to_the_pattern_written_first() -> None:
    assert route(index_of("* xx", "yy *"), "yy xx") == Match(0, 0, ("yy",))
    assert route(index_of("yy *", "* xx"), "yy xx") == Match(0, 0, ("xx",))


def test_several_patterns_may_lead_to_one_dialog() -> None:
    index = TriggerIndex.build(
        [table_pattern("hi", order=0, dialog=3), table_pattern("hello *", order=1, dialog=3)]
    )
    assert route(index, "hello there") == Match(pattern=1, dialog=3, star=("there",))


def test_text_matching_nothing_routes_nowhere() -> None:
    assert route(index_of("my balance", "* agent *"), "weather") is None


def test_malformed_items_are_refused_with_the_pattern_location() -> None:
    bad = table_pattern("hi", order=0) | {"pattern": [{"txt": "hi"}], "line": 7}
    with pytest.raises(PatternShapeError, match=r"triggers\.patterns\[0\] \(line 7\): unknown"):
        TriggerIndex.build([bad])


def test_bad_regex_is_refused_with_the_pattern_location() -> None:
    with pytest.raises(PatternShapeError, match=r"patterns\[1\].*bad regular expression"):
        index_of("hi", "/(unclosed/")


def test_pattern_with_too_many_forms_is_refused() -> None:
    with pytest.raises(PatternShapeError, match="more than"):
        index_of(" ".join(f"[w{n}]" for n in range(12)))


def test_star_may_match_part_of_a_word() -> None:
    assert route(index_of("thank*"), "thankyou") == Match(0, 0, ("you",))


def test_regex_pattern_loses_to_a_wildcard_with_literal_characters() -> None:
    assert route(index_of("/(.*) now/", "* now"), "go now") == Match(1, 1, ("go",))


def test_empty_text_matches_a_lone_star_only() -> None:
    index = index_of("*", "hello *")
    assert route(index, "") == Match(0, 0, ("",))
    assert route(index, "hello") == Match(1, 1, ("",))
