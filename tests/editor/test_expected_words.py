"""The keywords the grammar's parser accepts at the start of a line."""

from __future__ import annotations

from botc.compiler.language_server.expected_words import expected_keywords

BOT = """\
integration Orders
    api GET "https://example.com"

dialog order
    user says "order"
    say "Which size?"

test "an order"
    user "order"
"""
LINES = BOT.split("\n")


def test_a_top_level_line_takes_the_declarations() -> None:
    assert expected_keywords(LINES, 2, 0) == ["bot", "dialog", "function", "integration", "test"]


def test_an_integration_line_takes_the_integration_settings() -> None:
    assert expected_keywords(LINES, 2, 4) == [
        "api", "body", "file", "follow redirects", "header", "store", "timeout"
    ]


def test_a_test_line_takes_the_test_lines_in_full_phrases() -> None:
    words = expected_keywords(LINES, 8, 4)
    assert words is not None
    assert {"user", "bot", "expect nothing", "expect transfer", "rich content"} <= set(words)


def test_a_keyword_followed_only_by_keywords_becomes_its_phrase() -> None:
    words = expected_keywords(LINES, 5, 4)
    assert words is not None
    assert {"secure form", "escalate to skill", "priority urgent"} <= set(words)
    assert "secure" not in words


def test_text_above_that_does_not_parse_gives_no_answer() -> None:
    broken = ["dialog order", "    user says order", ""]
    assert expected_keywords(broken, 2, 4) is None
