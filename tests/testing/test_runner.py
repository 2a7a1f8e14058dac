"""The `test` block runner: which lines hold, and how a failure reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botc.runtime.testing import run_tests
from botc.runtime.testing.report import failure_text
from botc.runtime.testing.runner import TestResult

Table = dict[str, Any]

BANK = """
bot "Bank"

integration Balance
    api GET "http://127.0.0.1:9/balance/{{ account }}"
    store amount = response.body.amount

integration Documents
    file POST "http://127.0.0.1:9/documents"

dialog balance
    user says "balance"
    ask account "Account number?"
        when answer is matching("^[0-9]{4}$") -> lookup
        otherwise -> bad
    bad: say "Four digits, please."
    end
    lookup: call Balance
        on success -> show
        on failure -> sorry
    show: say "You have {{ Balance.amount }}."
    end
    sorry: say "The bank is down."
    say to agents "Balance lookup failed."
    escalate to skill 12 "Let me get you an agent."

dialog id_card
    user says "id card"
    upload "Send your ID."
        accept pdf
    call Documents

dialog fallback
    on fallback
    say "Pardon?"
"""


def only(bot: Callable[[str], Table], test: str) -> TestResult:
    """Run the single test block `test` appended to the BANK bot."""
    results = run_tests(bot(BANK + "\n" + test))
    assert len(results) == 1
    return results[0]


def test_test_block_whose_lines_all_hold_passes(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "happy"
    user "balance"
    bot "Account number?"
    user "1234"
    Balance returns {"amount": 5}
    bot "You have 5."
    expect nothing
""",
    )
    assert result.passed, failure_text(result)


def test_outcome_line_may_come_before_the_line_that_makes_the_call(
    bot: Callable[[str], Table],
) -> None:
    result = only(
        bot,
        """
test "outcome first"
    Balance returns {"amount": 7}
    user "balance"
    user "1234"
    bot "You have 7."
""",
    )
    assert result.passed, failure_text(result)


def test_wrong_bot_text_fails_showing_expected_and_actual_and_lines(
    bot: Callable[[str], Table],
) -> None:
    result = only(
        bot,
        """
test "wrong"
    user "balance"
    bot "Your account number?"
""",
    )
    assert result.failure is not None
    assert result.failure.line == result.line + 2
    text = failure_text(result, "bank.bot")
    assert f'bank.bot:{result.line}: test "wrong"' in text
    assert f'bank.bot:{result.line + 2}: bot "Your account number?"' in text
    assert 'expected: bot "Your account number?"' in text
    assert 'actual:   bot "Account number?"' in text


def test_star_in_bot_line_matches_any_run_of_characters(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "wildcard"
    user "balance"
    bot "Acc*ber?"
""",
    )
    assert result.passed, failure_text(result)


def test_star_does_not_excuse_a_different_text(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "wildcard"
    user "balance"
    bot "Name*"
""",
    )
    assert not result.passed


def test_first_failing_line_stops_the_test(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "stops"
    user "balance"
    bot "nope"
    bot "also nope"
""",
    )
    assert result.failure is not None
    assert result.failure.source == 'bot "nope"'


def test_call_with_no_outcome_given_fails_saying_so(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "no outcome"
    user "balance"
    user "1234"
    bot "You have 5."
""",
    )
    assert result.failure is not None
    assert result.failure.line == result.line + 2
    assert "Balance was called but the test gives no outcome" in result.failure.message


def test_outcome_no_call_used_fails(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "unused"
    user "balance"
    Balance returns {"amount": 1}
""",
    )
    assert result.failure is not None
    assert result.failure.line == result.line + 2
    assert "never used" in result.failure.message


def test_failed_call_takes_the_failure_branch_and_expectations_skip_other_kinds(
    bot: Callable[[str], Table],
) -> None:
    result = only(
        bot,
        """
test "bank down"
    user "balance"
    user "1234"
    Balance fails
    bot "The bank is down."
    bot "Let me get you an agent."
    expect transfer to skill 12
    expect nothing
""",
    )
    assert result.passed, failure_text(result)


def test_non_2xx_status_is_a_failed_call(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "404"
    user "balance"
    user "1234"
    Balance returns status 404 {"amount": 1}
    bot "The bank is down."
""",
    )
    assert result.passed, failure_text(result)


def test_agents_line_takes_the_next_private_message(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "private"
    user "balance"
    user "1234"
    Balance fails
    agents "Balance lookup failed."
""",
    )
    assert result.passed, failure_text(result)


def test_expect_transfer_with_another_skill_fails(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "skill"
    user "balance"
    user "1234"
    Balance fails
    expect transfer to skill 99
""",
    )
    assert result.failure is not None
    assert result.failure.expected == "expect transfer to skill 99"
    assert result.failure.actual == "transfer to skill 12"


def test_expect_nothing_fails_when_items_remain(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "more"
    user "balance"
    user "1234"
    Balance fails
    bot "The bank is down."
    expect nothing
""",
    )
    assert result.failure is not None
    assert result.failure.message == "the bot sent more"
    assert result.failure.actual is not None
    assert 'bot "Let me get you an agent."' in result.failure.actual


def test_expectation_with_no_item_left_says_nothing_more_came(
    bot: Callable[[str], Table],
) -> None:
    result = only(
        bot,
        """
test "none left"
    user "hello"
    bot "Pardon?"
    bot "Anything else?"
""",
    )
    assert result.failure is not None
    assert result.failure.actual == f"nothing more for line {result.line + 1}"


def test_upload_line_sends_a_file_typed_by_its_extension(bot: Callable[[str], Table]) -> None:
    result = only(
        bot,
        """
test "upload"
    user "id card"
    bot "Send your ID."
    upload "scan.PDF" size 120kb
    Documents returns status 201
    bot "Processing the file..."
    bot "Successfully processed the file."
""",
    )
    assert result.passed, failure_text(result)


def test_upload_of_a_type_not_accepted_gets_the_invalid_message(
    bot: Callable[[str], Table],
) -> None:
    result = only(
        bot,
        """
test "wrong type"
    user "id card"
    upload "scan.png"
    bot "The file type is invalid. Upload one of these types: pdf."
""",
    )
    assert result.passed, failure_text(result)


def test_each_test_starts_a_new_conversation(bot: Callable[[str], Table]) -> None:
    results = run_tests(
        bot(
            BANK
            + """
test "first"
    user "balance"
    bot "Account number?"

test "second"
    user "1234"
    bot "Pardon?"
"""
        )
    )
    assert [r.passed for r in results] == [True, True]
