"""One consumer message has a size cap (issue 9, item 3): the bot reads at most
`MAX_MESSAGE_CHARS` characters of it, and a longer one is cut with a logged fault."""

from __future__ import annotations

import time

from core_chat import compile_text

from botc.runtime.interpreter import step
from botc.runtime.limits import MAX_MESSAGE_CHARS
from botc.runtime.loading import load_table
from botc.runtime.state import ConversationState
from botc.runtime.wire.events import parse_event, text_event

BOT = compile_text(
    """
    bot "Echo"
    dialog glob
        user says "* a * a * a * b"
        say "glob {{ star[3] | length }}"
    dialog echo
        user says "echo *"
        say "{{ user.message | length }} {{ star[0] | length }}"
    dialog fallback
        on fallback
        say "fallback"
    """
)
TABLE = load_table(BOT)


def _said(text: str, table: object = TABLE) -> tuple[list[str], list[str]]:
    _, output = step(table, ConversationState.initial(), text_event(text))  # type: ignore[arg-type]
    return [i["data"]["message"] for i in output.items], [f.message for f in output.faults]


def test_a_message_within_the_limit_is_read_whole() -> None:
    said, faults = _said("echo " + "x" * (MAX_MESSAGE_CHARS - 5))
    assert said == [f"{MAX_MESSAGE_CHARS} {MAX_MESSAGE_CHARS - 5}"]
    assert faults == []


def test_a_longer_message_is_cut_to_the_limit_and_a_fault_says_so() -> None:
    said, faults = _said("echo " + "x" * 50_000)
    assert said == [f"{MAX_MESSAGE_CHARS} {MAX_MESSAGE_CHARS - 5}"]
    assert faults == [
        f"the consumer's message has 50005 characters; the bot read only the first "
        f"{MAX_MESSAGE_CHARS}"
    ]


def test_the_limit_is_a_setting_of_the_loaded_table() -> None:
    table = load_table(BOT, max_message_chars=8)
    said, faults = _said("echo 123456789", table)
    assert said == ["8 3"]
    assert len(faults) == 1


def test_a_start_event_last_consumer_message_is_cut_too() -> None:
    table = load_table(BOT, max_message_chars=8)
    event = parse_event(
        {"type": "START", "context": {"lpEvent": {"lastConsumerMessage": "echo 123456789"}}}
    )
    _, output = step(table, ConversationState.initial(), event)
    assert [i["data"]["message"] for i in output.items] == ["8 3"]


def test_a_wildcard_attack_on_a_2_mb_message_answers_in_bounded_time() -> None:
    # `* a * a * a * b` against 2 MB of "a a a ..." took 16 s before the cap
    attack = "a " * 1_000_000 + "b"
    started = time.process_time()
    said, faults = _said(attack)
    seconds = time.process_time() - started
    assert said == ["fallback"]  # the cut text no longer ends in "b"
    assert len(faults) == 1
    assert seconds < 1.0, f"{seconds:.3f} s"


def test_wildcard_matching_is_linear_in_the_message_up_to_the_cap() -> None:
    # the whole cap's worth of "a a a ... b" does match, still in bounded time
    attack = "a " * (MAX_MESSAGE_CHARS // 2 - 1) + "b"
    started = time.process_time()
    said, faults = _said(attack)
    assert time.process_time() - started < 1.0
    assert len(said) == 1 and said[0].startswith("glob ")
    assert faults == []
