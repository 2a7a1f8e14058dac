"""The index agrees with the naive reference matcher on every pattern set and text."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from reference_matcher import literal_count, reference_route

from botc.runtime.matching.matcher import TriggerIndex
from botc.runtime.normalize import normalize

# few letters and many spaces, so that patterns overlap and space rules are exercised
_CHARS = "ab :"

text_items = st.builds(lambda s: {"text": s}, st.text(_CHARS + "  ", min_size=1, max_size=4))
items = st.recursive(
    st.one_of(text_items, text_items, st.just({"star": True})),
    lambda inner: st.one_of(
        st.builds(
            lambda alternatives: {"choice": alternatives},
            st.lists(st.lists(inner, max_size=2), min_size=1, max_size=3),
        ),
        st.builds(lambda inside: {"optional": inside}, st.lists(inner, min_size=1, max_size=2)),
    ),
    max_leaves=4,
)
# patterns as people write them: words and stars separated by spaces, sometimes glued
word_patterns = st.lists(st.sampled_from(["a", "b", "ab", "b:", "*", "*", "a*"]), max_size=5).map(
    lambda tokens: [
        item
        for index, part in enumerate(" ".join(tokens).split("*"))
        for item in ([{"star": True}] if index else []) + ([{"text": part}] if part else [])
    ]
)
REGEXES = ("a+", "(a*) (b*)", "(.*)b", "a(b)?", "( *)a")


def _stars(value: Any) -> int:
    if isinstance(value, dict):
        return int(value.get("star") is True) + sum(_stars(v) for v in value.values())
    if isinstance(value, list):
        return sum(_stars(v) for v in value)
    return 0


@st.composite
def table_patterns(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A few table pattern dicts with overlapping shapes, ranks and excludes."""
    patterns = []
    for order in range(draw(st.integers(1, 6))):
        regex = draw(st.sampled_from(REGEXES)) if draw(st.integers(0, 9)) == 0 else None
        pattern = (
            None if regex else draw(st.lists(items, max_size=4).filter(lambda p: _stars(p) <= 4))
        )
        patterns.append(
            {
                "dialog": draw(st.integers(0, 3)),
                "source": "",
                "pattern": pattern,
                "regex": regex,
                "excludes": draw(st.lists(st.sampled_from(["a", "b", "ab", "a b"]), max_size=1)),
                "exact": pattern is not None and _stars(pattern) == 0,
                "literal": 0 if pattern is None else literal_count(pattern),
                "order": order,
                "line": order + 1,
            }
        )
    return patterns


def filled(draw: st.DrawFn, pattern_items: list[dict[str, Any]]) -> str:
    """A text the items can produce: random alternatives, optionals and star contents."""
    parts = []
    for item in pattern_items:
        if "text" in item:
            parts.append(item["text"])
        elif "star" in item:
            parts.append(draw(st.text(_CHARS, max_size=4)))
        elif "choice" in item:
            parts.append(filled(draw, draw(st.sampled_from(item["choice"]))))
        elif draw(st.booleans()):
            parts.append(filled(draw, item["optional"]))
    return "".join(parts)


@st.composite
def patterns_and_texts(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[str]]:
    patterns = draw(table_patterns())
    texts = [normalize(draw(st.text(_CHARS, max_size=8))) for _ in range(3)]
    for _ in range(5):
        chosen = draw(st.sampled_from(patterns))
        if chosen["pattern"] is not None:
            texts.append(normalize(filled(draw, chosen["pattern"])))
    return patterns, texts


@settings(max_examples=300)
@given(patterns_and_texts())
def test_index_routes_every_text_as_the_reference_does(
    case: tuple[list[dict[str, Any]], list[str]],
) -> None:
    patterns, texts = case
    index = TriggerIndex.build(patterns)
    for text in texts:
        match = index.route(text)
        got = None if match is None else (match.pattern, match.dialog, match.star)
        assert got == reference_route(patterns, text), text


@settings(max_examples=100)
@given(table_patterns(), st.data())
def test_filled_pattern_always_routes_somewhere_unless_excluded(
    patterns: list[dict[str, Any]], data: st.DataObject
) -> None:
    chosen = data.draw(st.sampled_from(patterns))
    if chosen["pattern"] is None or chosen["excludes"]:
        return
    text = filled(data.draw, chosen["pattern"])
    assume(normalize(text) == text)  # normalizing a text may change what it matches
    assert TriggerIndex.build(patterns).route(text) is not None
