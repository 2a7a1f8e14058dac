"""The flow analyses of `botc check` (issue 10 item 2): each warns on a bot that has the
problem, at the culprit's line, and stays quiet on a near miss that does not."""

from __future__ import annotations

import attrs
import pytest

from botc.compiler.compile import compile_source


@attrs.frozen
class Case:
    code: str
    fires: str  # a bot with the problem
    line: int  # where the warning must be
    near_miss: str  # almost the same bot, without the problem


_FALLBACK = '\ndialog fallback\n    on fallback\n    say "Sorry?"\n'

CASES = {
    "glob pattern shadowed by a better one": Case(
        "BOT405",
        'dialog a\n    user says "* gift card *"\n    say "a"\n'
        'dialog b\n    user says "* gift card"\n    say "b"\n',
        5,
        'dialog a\n    user says "* gift card *"\n    say "a"\n'
        'dialog b\n    user says "* buy * gift card"\n    say "b"\n',
    ),
    "regex pattern shadowed by a wildcard": Case(
        "BOT405",
        'dialog a\n    user says "* card *"\n    say "a"\n'
        'dialog b\n    user says "/block card ([0-9]{4})/"\n    say "b"\n',
        5,
        'dialog a\n    user says "* card *"\n    say "a"\n'
        'dialog b\n    user says "/block ([0-9]{4})/"\n    say "b"\n',
    ),
    "regex ending in a stripped question mark": Case(
        "BOT406",
        'dialog a\n    user says "/when do you open[?]/"\n    say "9:00"\n',
        2,
        'dialog a\n    user says "/when do you open[?]?/"\n    say "9:00"\n',
    ),
    "when branch inside an earlier regex": Case(
        "BOT404",
        'dialog a\n    user says "a"\n    ask days "How many?"\n'
        '        when answer is matching("^[0-9]{1,2}$") -> ok\n'
        '        when answer is matching("^[1-9]$") -> ok\n'
        '        otherwise -> ok\n    ok: say "fine"\n',
        5,
        'dialog a\n    user says "a"\n    ask days "How many?"\n'
        '        when answer is matching("^[0-9]{1,2}$") -> ok\n'
        '        when answer is matching("^[0-9]{3}$") -> ok\n'
        '        otherwise -> ok\n    ok: say "fine"\n',
    ),
    "answer compared with a number": Case(
        "BOT410",
        'dialog a\n    user says "a"\n    ask n "Number?"\n        when answer > 5 -> big\n'
        '        otherwise -> big\n    big: say "ok"\n',
        4,
        'dialog a\n    user says "a"\n    ask n "Number?"\n'
        '        when answer is number and answer | float > 5 -> big\n'
        '        otherwise -> big\n    big: say "ok"\n',
    ),
    "integration field read after the call failed": Case(
        "BOT411",
        'integration P\n    api GET "http://x/"\n    store n = response.body.n\n'
        'dialog a\n    user says "a"\n    call P\n        on success -> show\n'
        '        on failure -> show\n    show: say "{{ P.n }}"\n',
        9,
        'integration P\n    api GET "http://x/"\n    store n = response.body.n\n'
        'dialog a\n    user says "a"\n    call P\n        on success -> show\n'
        '        on failure -> sorry\n    show: say "{{ P.n }}"\n    end\n'
        '    sorry: say "down"\n',
    ),
    "integration field read before any call": Case(
        "BOT411",
        'integration P\n    api GET "http://x/"\n    store n = response.body.n\n'
        'dialog a\n    user says "a"\n    say "{{ P.n }}"\n',
        6,
        'integration P\n    api GET "http://x/"\n    store n = response.body.n\n'
        'dialog a\n    user says "a"\n    say "{{ P.n | default(0) }}"\n',
    ),
    "capture index the pattern lacks": Case(
        "BOT412",
        'dialog a\n    user says "atm near *"\n    say "{{ star[1] }}"\n',
        3,
        'dialog a\n    user says "atm near *"\n    say "{{ star[0] }}"\n',
    ),
    "quick reply that starts the fallback": Case(
        "BOT413",
        'dialog w\n    on start\n    say "Hi"\n        quick replies "Rates", "Advisor"\n'
        'dialog r\n    user says "rates"\n    say "2%"\n' + _FALLBACK,
        4,
        'dialog w\n    on start\n    say "Hi"\n        quick replies "Rates"\n'
        'dialog r\n    user says "rates"\n    say "2%"\n' + _FALLBACK,
    ),
    "quick reply that misses the branch meant for it": Case(
        "BOT413",
        'dialog a\n    user says "top up"\n    ask amount "How much?"\n'
        '        quick replies "10 EUR", "20 EUR"\n'
        '        when answer is matching("^(10|20)$") -> ok\n        otherwise -> bad\n'
        '    ok: say "ok"\n    end\n    bad: say "no"\n',
        4,
        'dialog a\n    user says "top up"\n    ask amount "How much?"\n'
        '        quick replies "10", "20"\n'
        '        when answer is matching("^(10|20)$") -> ok\n        otherwise -> bad\n'
        '    ok: say "ok"\n    end\n    bad: say "no"\n',
    ),
    "upload whose failure no dialog takes": Case(
        "BOT414",
        'integration F\n    file POST "http://x/"\ndialog a\n    user says "a"\n'
        '    upload "Send it"\n    call F\n    say "thanks"\n',
        5,
        'integration F\n    file POST "http://x/"\ndialog a\n    user says "a"\n'
        '    upload "Send it"\n    call F\n    say "thanks"\n'
        'dialog lost\n    user says "file_upload_failed:*"\n    say "again please"\n',
    ),
    "upload outcome action meeting the upload's": Case(
        "BOT415",
        'integration F\n    file POST "http://x/"\ndialog a\n    user says "a"\n'
        '    upload "Send it"\n    call F\n    escalate to skill 1\n'
        'dialog lost\n    user says "file_upload_failed:*"\n    say "sorry"\n    close\n',
        11,
        'integration F\n    file POST "http://x/"\ndialog a\n    user says "a"\n'
        '    upload "Send it"\n    call F\n    escalate to skill 1\n'
        'dialog lost\n    user says "file_upload_failed:*"\n    say "sorry"\n',
    ),
    "question no answer leaves": Case(
        "BOT416",
        'dialog a\n    user says "a"\n    q: ask x "?"\n        when answer == "y" -> q\n'
        '        otherwise -> q\n',
        3,
        'dialog a\n    user says "a"\n    q: ask x "?"\n        when answer == "y" -> next\n'
        '        otherwise -> q\n    say "ok"\n',
    ),
    "turn with only private texts and actions": Case(
        "BOT417",
        'dialog a\n    user says "a"\n    say to agents "note"\n    priority urgent\n',
        4,
        'dialog a\n    user says "a"\n    say to agents "note"\n    say "On it."\n'
        "    priority urgent\n",
    ),
    "call failure that ends without a word": Case(
        "BOT418",
        'integration P\n    api GET "http://x/"\ndialog a\n    user says "a"\n    call P\n'
        '        on success -> ok\n        on failure -> end\n    ok: say "done"\n',
        7,
        'integration P\n    api GET "http://x/"\ndialog a\n    user says "a"\n    call P\n'
        '        on success -> ok\n        on failure -> bad\n    ok: say "done"\n    end\n'
        '    bad: say "down"\n',
    ),
    "failed transfer that escalates again": Case(
        "BOT419",
        'dialog a\n    user says "agent"\n    escalate to skill 1\n'
        'dialog f\n    user says "__agent_escalation_failed__"\n    escalate to skill 1\n',
        6,
        'dialog a\n    user says "agent"\n    escalate to skill 1\n'
        'dialog f\n    user says "__agent_escalation_failed__"\n    ask again "Retry?"\n'
        '        when answer == "yes" -> go\n        otherwise -> end\n'
        "    go: escalate to skill 1\n",
    ),
    "failure dialog the attempts setting skips": Case(
        "BOT420",
        'bot "B"\n    escalation attempts 1\ndialog a\n    user says "agent"\n'
        '    escalate to skill 1\ndialog f\n    user says "__agent_escalation_failed__"\n'
        '    say "busy"\n',
        7,
        'bot "B"\n    escalation attempts 2\ndialog a\n    user says "agent"\n'
        '    escalate to skill 1\ndialog f\n    user says "__agent_escalation_failed__"\n'
        '    say "busy"\n',
    ),
    "dialog entered from a question that starts the question's dialog over": Case(
        "BOT423",
        'dialog order\n    user says "order"\n    ask size "Which size?"\n'
        '        when answer is matching("(?i)[sml]") -> next\n    say "Ordered."\n'
        'dialog guide\n    user says "size guide"\n    say "M fits most."\n'
        "    goto dialog order\n",
        9,
        'dialog order\n    user says "order"\n    ask size "Which size?"\n'
        '        when answer is matching("(?i)[sml]") -> next\n    say "Ordered."\n'
        'dialog guide\n    user says "size guide"\n    say "M fits most."\n',
    ),
    "skill id set to a name": Case(
        "BOT421",
        'dialog a\n    user says "agent"\n    set team = "sales"\n'
        '    escalate to skill "{{ team }}"\n',
        4,
        'dialog a\n    user says "agent"\n    set team = "1234"\n'
        '    escalate to skill "{{ team }}"\n',
    ),
}


def test_one_retry_the_author_bounds_with_two_attempts_is_no_escalation_loop() -> None:
    retry_once = (
        'bot "B"\n    escalation attempts 2\ndialog a\n    user says "agent"\n'
        '    escalate to skill 1\ndialog f\n    user says "__agent_escalation_failed__"\n'
        '    say "Trying once more."\n    escalate to skill 1\n'
    )
    assert "BOT419" not in {code for code, _ in _codes_at(retry_once)}
    three = retry_once.replace("attempts 2", "attempts 3")
    assert ("BOT419", 9) in _codes_at(three)


_RESTARTS = (
    'dialog order\n    user says "order"\n    ask size "Which size?"\n'
    '        when answer is matching("(?i)[sml]") -> next\n    say "Ordered."\n'
    'dialog guide\n    user says "size guide"\n    say "M fits most."\n'
    "    goto dialog order\n"
)


def test_a_question_with_otherwise_keeps_every_answer_so_no_dialog_starts_from_it() -> None:
    keeps_all = _RESTARTS.replace("-> next\n", '-> next\n        otherwise -> next\n')
    assert "BOT423" not in {code for code, _ in _codes_at(keeps_all)}


def test_a_dialog_the_questions_when_takes_first_does_not_start_from_it() -> None:
    takes_guide = _RESTARTS.replace('matching("(?i)[sml]")', 'matching("(?i)[sml]|size guide")')
    assert "BOT423" not in {code for code, _ in _codes_at(takes_guide)}


def test_a_branch_to_the_waiting_dialog_is_a_restart_too() -> None:
    branch = _RESTARTS.replace(
        '    say "M fits most."\n    goto dialog order\n',
        '    ask more "More help?"\n        otherwise -> dialog order\n',
    )
    assert ("BOT423", 9) in _codes_at(branch)


_UPLOAD_RESTART = (
    'integration Photos\n    file POST "http://x/"\n'
    'dialog claim\n    user says "claim"\n    upload "Send a photo."\n        accept jpeg\n'
    '    call Photos\n    ask details "What happened?"\n    say "Thanks."\n'
    'dialog ok\n    user says "file_upload_success:*"\n    say "Got it."\n'
    'dialog lost\n    user says "file_upload_failed:*"\n    say "It did not arrive."\n'
    "    goto dialog claim\n"
)


def test_an_upload_outcome_dialog_that_restarts_the_dialog_waiting_on_its_question() -> None:
    assert ("BOT423", 16) in _codes_at(_UPLOAD_RESTART)


def test_an_upload_outcome_dialog_may_restart_a_dialog_that_no_longer_waits() -> None:
    ends_after_upload = _UPLOAD_RESTART.replace('    ask details "What happened?"\n', "")
    assert "BOT423" not in {code for code, _ in _codes_at(ends_after_upload)}


def _codes_at(text: str) -> list[tuple[str | None, int]]:
    return [(d.code, d.span.line) for d in compile_source(text, "case.bot").diagnostics]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_analysis_warns_at_the_culprit(case: Case) -> None:
    assert (case.code, case.line) in _codes_at(case.fires)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_analysis_is_quiet_on_a_near_miss(case: Case) -> None:
    assert case.code not in {code for code, _ in _codes_at(case.near_miss)}


def test_every_flow_analysis_code_has_a_case() -> None:
    analysis_codes = {f"BOT4{n:02d}" for n in range(10, 22)} | {"BOT404", "BOT405", "BOT406"}
    analysis_codes |= {"BOT423"}
    assert analysis_codes <= {case.code for case in CASES.values()}
