"""User regexes run in RE2 (issue 9, item 3): what RE2 cannot run is refused, by name.

A `/regex/` pattern and `matching(...)` share `runtime.regex_dialect.compile_regex`; the
compiler's checks call the same function, so a refused regex never reaches a table.
"""

from __future__ import annotations

import time

import pytest
from core_chat import compile_text

from botc.runtime.interpreter import step
from botc.runtime.loading import load_table
from botc.runtime.matching.matcher import PatternShapeError, TriggerIndex
from botc.runtime.regex_dialect import RegexProblem, compile_regex
from botc.runtime.state import ConversationState
from botc.runtime.templates import build_environment, compile_expression, holds
from botc.runtime.wire.events import text_event


@pytest.mark.parametrize(
    ("regex", "construct", "offset"),
    [
        (r"(a)\1", "backreference", 3),
        ("(?P<x>a)(?P=x)", "named backreference", 8),
        ("a(?=b)", "lookahead", 1),
        ("a(?!b)", "negative lookahead", 1),
        ("(?<=a)b", "lookbehind", 0),
        ("(?<!a)b", "negative lookbehind", 0),
        ("(?>ab)", "atomic group", 0),
        ("a++", "possessive", 2),
        ("x{2}+", "possessive", 4),
        ("(a)?(?(1)b|c)", "conditional", 4),
        ("(?#note)a", "comment", 0),
        ("(?x) a", "verbose", 0),
        (r"a\Z", r"\Z", 1),
        (r"[\W]", "inside `[...]`", 1),
    ],
)
def test_a_construct_re2_cannot_run_is_refused_by_name_and_place(
    regex: str, construct: str, offset: int
) -> None:
    with pytest.raises(RegexProblem) as refused:
        compile_regex(regex)
    assert construct in refused.value.message
    assert refused.value.offset == offset


def test_bad_python_syntax_is_refused_with_its_position() -> None:
    with pytest.raises(RegexProblem, match="bad regular expression") as refused:
        compile_regex("ab(c")
    assert refused.value.offset == 2


@pytest.mark.parametrize(
    ("regex", "text", "matches"),
    [
        (r"\w+", "café", True),
        (r"\d+", "٣٤", True),
        (r"\s", "\u00a0", True),
        (r"\W", "é", False),
        (r"[\w-]+", "ça-va", True),
        (r"\D", "5", False),
        ("(?i)comedy|drama|sci-fi", "Drama", True),
        ("^[0-9]{6}$", "123456", True),
        ("^[0-9]{6}$", "12345", False),
        (r"a{2}\}+", "aa}}", True),
    ],
)
def test_shorthand_classes_keep_their_python_meaning(regex: str, text: str, matches: bool) -> None:
    assert (compile_regex(regex).fullmatch(text) is not None) is matches


def test_a_regex_trigger_with_a_lookahead_is_refused_when_the_index_is_built() -> None:
    pattern = {"order": 0, "dialog": 0, "literal": 0, "regex": "(?=a)a", "pattern": None}
    with pytest.raises(PatternShapeError, match="lookahead"):
        TriggerIndex.build([pattern])


def test_matching_with_a_backreference_is_a_fault_not_a_slow_match() -> None:
    expression = compile_expression(build_environment(), r'answer is matching("(a)\\1")')
    with pytest.raises(Exception, match="backreference"):
        holds(expression, {"answer": "aa"})


ATTACK = "a" * 28 + "!"


def test_catastrophic_backtracking_regex_in_matching_runs_in_linear_time() -> None:
    # in Python's `re` this takes ~10 s; in a turn it held every conversation
    table = load_table(
        compile_text(
            """
            bot "Regex"
            dialog d
                user says "go"
                ask code "Code?"
                    when answer is matching("(a+)+$") -> ok
                    otherwise -> no
                ok: say "ok"
                end
                no: say "no"
            """
        )
    )
    state, _ = step(table, ConversationState.initial(), text_event("go"))
    started = time.process_time()
    _, output = step(table, state, text_event(ATTACK))
    seconds = time.process_time() - started
    assert [item["data"]["message"] for item in output.items] == ["no"]
    assert seconds < 1.0, f"{seconds:.3f} s"


def test_catastrophic_backtracking_regex_trigger_runs_in_linear_time() -> None:
    pattern = {"order": 0, "dialog": 0, "literal": 0, "regex": "(a+)+$", "pattern": None}
    index = TriggerIndex.build([pattern])
    started = time.process_time()
    assert index.route(ATTACK * 1000) is None
    assert time.process_time() - started < 1.0
