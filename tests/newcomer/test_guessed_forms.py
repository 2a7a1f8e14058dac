"""Forms a newcomer guesses (from Python, another bot tool, or by analogy with the rest of
the language): each gets a diagnostic at the culprit whose hint shows the `.bot` form,
and where the hint names one edit, applying that edit leaves a file without errors."""

from __future__ import annotations

import attrs
import pytest

from botc.compiler import compile_source
from botc.dsl.diagnostics import Diagnostic, render_all

_GREETING = 'dialog hi\n    user says "hi"\n    say "Hello!"\n\n'
_ASK = 'dialog hi\n    user says "hi"\n    ask a "Yes?"\n'
_API = 'integration Api\n    api GET "http://127.0.0.1:9/x"\n\n'


@attrs.frozen
class Guess:
    name: str
    source: str
    line: int
    column: int
    message: str  # words the message holds
    hint: str  # words the hint holds: the form to write


GUESSES = [
    Guess("test bot line with a colon", _GREETING + 'test "t"\n    user "hi"\n    bot: "Hello!"\n',
          7, 8, "without `:`", 'write `bot "Hello!"`'),
    Guess("test user line with a colon", _GREETING + 'test "t"\n    user: "hi"\n',
          6, 9, "without `:`", 'write `user "hi"`'),
    Guess("test bot line with says", _GREETING + 'test "t"\n    user "hi"\n    bot says "Hello!"\n',
          7, 9, "without `says`", 'write `bot "Hello!"`'),
    Guess("expect a text", _GREETING + 'test "t"\n    user "hi"\n    expect "Hello!"\n',
          7, 12, "a message is checked with a `bot` line", 'write `bot "Hello!"`'),
    Guess("expect a transfer to a skill name",
          'dialog hi\n    user says "agent"\n    escalate to skill named "billing"\n\n'
          'test "t"\n    user "agent"\n    expect transfer to skill billing\n',
          7, 30, "takes a skill id", "`expect transfer` (any transfer)"),
    Guess("returns status with =",
          _API + 'dialog hi\n    user says "hi"\n    call Api\n        on failure -> bad\n'
          '    say "ok"\n    bad: say "no"\n\ntest "t"\n    user "hi"\n'
          "    Api returns status=404\n    bot \"no\"\n",
          13, 23, "without `=`", "write `Api returns status 404`"),
    Guess("python if", _ASK + '    if a == "yes":\n        say "ok"\n',
          4, 5, "there is no `if` step", 'write `when a == "yes" -> label`'),
    Guess("python else", _ASK + '        when answer == "yes" -> ok\n        else -> no\n'
          '    ok: say "ok"\n    no: say "no"\n',
          5, 9, "catch-all branch is `otherwise`", "write `otherwise -> no`"),
    Guess("f-string", 'dialog hi\n    user says "hi *"\n    say f"Hi {star[0]}"\n',
          3, 9, "f-strings are Python", 'write `say "Hi {{ star[0] }}"`'),
    Guess("url line", 'integration Api\n    url "http://127.0.0.1:9/x"\n\n'
          'dialog hi\n    user says "hi"\n    call Api\n',
          2, 5, "`api METHOD \"url\"`", 'write `api GET "http://127.0.0.1:9/x"`'),
    Guess("default without response", 'bot "Acme"\n    default "Sorry."\n\n'
          'dialog hi\n    user says "hi"\n    say "x"\n',
          2, 13, "`default response`", 'write `default response "Sorry."`'),
    Guess("dash in a dialog name", 'dialog check-balance\n    user says "hi"\n    say "x"\n',
          1, 8, "letters, digits and `_`", "write `dialog check_balance`"),
    Guess("is with a text", _ASK + '        when answer is "yes" -> ok\n    ok: say "ok"\n',
          4, 21, "a value is compared with `==`", 'write `answer == "yes"`'),
    Guess("is not with a number", _ASK + "        when answer is not 3 -> ok\n    ok: say \"ok\"\n",
          4, 21, "a value is compared with `!=`", "write `answer != 3`"),
    Guess("contains", _ASK + '        when answer contains "yes" -> ok\n    ok: say "ok"\n',
          4, 21, "`contains` is not an operator", 'write `"yes" in answer`'),
    Guess("store reads body without response",
          'integration Api\n    api GET "http://127.0.0.1:9/x"\n    store name = body.name\n\n'
          'dialog hi\n    user says "hi"\n    call Api\n        on failure -> bad\n'
          '    say "{{ Api.name }}"\n    bad: say "x"\n',
          3, 18, "`body` is never set", "write `response.body`"),
    Guess("for loop in a template",
          'dialog hi\n    user says "hi"\n    say "{% for x in [1] %}{{ x }}{% endfor %}"\n',
          3, 10, "`{% for %}` is not allowed", '`{{ items | join(", ") }}`'),
    # Guesses that were already answered well, kept from regressing.
    Guess("api without a method", 'integration Api\n    api "http://127.0.0.1:9/x"\n\n'
          'dialog hi\n    user says "hi"\n    call Api\n',
          2, 9, "an HTTP method", 'write it as `api GET "https://example.com/{{ account }}"`'),
    Guess("lower-case method", 'integration Api\n    api get "http://127.0.0.1:9/x"\n\n'
          'dialog hi\n    user says "hi"\n    call Api\n',
          2, 9, "an HTTP method", "`api GET"),
    Guess("escalate without skill", 'dialog hi\n    user says "agent"\n    escalate to 1234\n',
          3, 17, "expected `skill`", "`escalate to skill 1234"),
    Guess("quick replies as a list", 'dialog hi\n    user says "hi"\n    say "pick"\n'
          '        quick replies ["A", "B"]\n',
          4, 23, "expected a quoted text", 'write it as `quick replies "Yes", "No"`'),
    Guess("patterns without a comma", 'dialog hi\n    user says "hi" "hello"\n    say "x"\n',
          2, 20, "expected `,`", "separated by commas"),
    Guess("test name unquoted", _GREETING + 'test happy path\n    user "hi"\n',
          5, 6, "expected a quoted text", 'a test looks like `test "happy path"`'),
    Guess("on error", _API + 'dialog hi\n    user says "hi"\n    call Api\n'
          '        on error -> bad\n    bad: say "x"\n',
          7, 12, "expected `success` or `failure`", "`on failure -> label`"),
    Guess("file types with dots", 'integration Up\n    file POST "http://127.0.0.1:9/x"\n\n'
          'dialog hi\n    user says "hi"\n    upload "send"\n        accept .pdf, .png\n'
          "    call Up\n",
          7, 16, "expected a name", "`accept pdf, jpeg, png`"),
    Guess("unquoted intent id", 'dialog hi\n    user says "hi"\n    intent check-balance "Check"\n'
          '    say "x"\n',
          3, 12, "expected a quoted text", 'write it as `intent "check-balance"'),
    Guess("set compared with ==", 'dialog hi\n    user says "hi"\n    set x == 1\n    say "x"\n',
          3, 12, "a condition compares with `==`", "write ` == 1`"),
]


def _first_diagnostic(source: str) -> tuple[Diagnostic, str]:
    result = compile_source(source, "guess.bot")
    assert result.diagnostics, "no diagnostic at all"
    return result.diagnostics[0], render_all(result.diagnostics, {"guess.bot": source})


def _applied(source: str, diagnostic: Diagnostic) -> str:
    replacement = diagnostic.replacement
    assert replacement is not None
    lines = source.split("\n")
    span = replacement.span
    assert span.line == span.end_line
    text = lines[span.line - 1]
    lines[span.line - 1] = text[: span.column - 1] + replacement.text + text[span.end_column - 1 :]
    return "\n".join(lines)


@pytest.mark.parametrize("guess", GUESSES, ids=[guess.name for guess in GUESSES])
def test_a_guessed_form_is_reported_at_the_culprit_with_the_form_to_write(guess: Guess) -> None:
    diagnostic, shown = _first_diagnostic(guess.source)
    assert (diagnostic.span.line, diagnostic.span.column) == (guess.line, guess.column), shown
    assert guess.message in diagnostic.message, shown
    assert diagnostic.hint is not None and guess.hint in diagnostic.hint, shown


WITH_ONE_EDIT = [
    guess for guess in GUESSES if _first_diagnostic(guess.source)[0].replacement is not None
]


@pytest.mark.parametrize("guess", WITH_ONE_EDIT, ids=[guess.name for guess in WITH_ONE_EDIT])
def test_applying_the_hints_edit_leaves_no_error(guess: Guess) -> None:
    diagnostic, _ = _first_diagnostic(guess.source)
    fixed = _applied(guess.source, diagnostic)
    result = compile_source(fixed, "guess.bot")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert not errors, render_all(errors, {"guess.bot": fixed})


def test_most_new_wordings_carry_an_edit() -> None:
    assert {guess.name for guess in WITH_ONE_EDIT} >= {
        "test bot line with a colon",
        "test bot line with says",
        "expect a text",
        "returns status with =",
        "python else",
        "f-string",
        "default without response",
        "dash in a dialog name",
        "store reads body without response",
    }
