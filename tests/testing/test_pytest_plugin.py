"""The pytest plugin: `test` blocks of `.bot` files become items with readable failures."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

GOOD = """
dialog hello
    user says "hello"
    say "Hi there!"

test "greets"
    user "hello"
    bot "Hi there!"

test "greets wrongly"
    user "hello"
    bot "Good morning!"
"""

BROKEN = """
dialog hello
    user says "hello"
    goto nowhere
"""


def test_test_blocks_under_examples_are_items_named_after_the_tests(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".bot", **{"examples/greeter": GOOD})
    result = pytester.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(
        ["examples/greeter.bot::greets", "examples/greeter.bot::greets wrongly"]
    )


def test_failing_block_reports_its_line_expected_and_actual(pytester: pytest.Pytester) -> None:
    pytester.makefile(".bot", **{"examples/greeter": GOOD})
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            '*examples/greeter.bot:9: test "greets wrongly"',
            '*examples/greeter.bot:11: bot "Good morning!"',
            '*expected: bot "Good morning!"',
            '*actual:   bot "Hi there!"',
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_file_that_does_not_compile_is_one_failing_item_showing_diagnostics(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".bot", **{"examples/broken": BROKEN})
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*broken.bot does not compile:", "*broken.bot:3:*error*"])


def test_bot_files_outside_botc_paths_are_not_collected(pytester: pytest.Pytester) -> None:
    pytester.makefile(".bot", **{"tests/bots/broken": BROKEN, "examples/greeter": GOOD})
    result = pytester.runpytest("--collect-only", "-q")
    assert "broken.bot" not in result.stdout.str()
    result.stdout.fnmatch_lines(["examples/greeter.bot::greets"])


def test_botc_paths_option_chooses_the_folders(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nbotc_paths =\n    bots\n")
    pytester.makefile(".bot", **{"bots/greeter": GOOD, "examples/other": GOOD})
    result = pytester.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(["bots/greeter.bot::greets"])
    assert "examples/other.bot" not in result.stdout.str()


def test_bot_file_named_on_the_command_line_is_collected_wherever_it_is(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".bot", **{"elsewhere/greeter": GOOD})
    result = pytester.runpytest("elsewhere/greeter.bot", "-k", "greets and not wrongly")
    result.assert_outcomes(passed=1, deselected=1)


def test_a_named_folder_outside_botc_paths_gets_a_hint_instead_of_silence(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".bot", **{"mybots/greeter": GOOD})
    result = pytester.runpytest("mybots")
    result.stdout.fnmatch_lines(
        ["botc: 1 .bot file(s) under mybots were not collected: *(add -o botc_paths=mybots)"]
    )


def test_the_hinted_option_collects_the_folder(pytester: pytest.Pytester) -> None:
    pytester.makefile(".bot", **{"mybots/greeter": GOOD})
    result = pytester.runpytest("-o", "botc_paths=mybots", "mybots")
    result.assert_outcomes(passed=1, failed=1)
