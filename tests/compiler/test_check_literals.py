"""Literal values (compiler.checks.literals) and unique event triggers (.event_triggers)."""

import base64
from collections.abc import Callable

import attrs
import pytest

from botc import dsl
from botc.compiler import CompileResult, compile_module
from botc.runtime.defaults import ENCODED_METADATA_MAX_CHARS

CompileText = Callable[..., CompileResult]


def _one_step(step: str, options: str = "") -> str:
    return f"dialog a\n    on start\n    {step}\n{options}"


def test_encoded_metadata_must_be_base64(compile_text: CompileText) -> None:
    result = compile_text(_one_step('say "hi"', '        encoded metadata "not base64!"\n'))
    [error] = result.errors
    assert error.message == "encoded metadata is not valid base64"
    assert error.hint is not None and "base64" in error.hint
    assert (error.span.line, error.span.column) == (4, 26)


def test_encoded_metadata_over_the_limit_is_an_error(compile_text: CompileText) -> None:
    long = base64.b64encode(b"x" * ENCODED_METADATA_MAX_CHARS).decode()
    result = compile_text(_one_step('say "hi"', f'        encoded metadata "{long}"\n'))
    [error] = result.errors
    assert f"the limit is {ENCODED_METADATA_MAX_CHARS}" in error.message


def test_encoded_metadata_template_is_left_to_the_runtime(compile_text: CompileText) -> None:
    result = compile_text(_one_step('say "hi"', '        encoded metadata "{{ meta }}"\n'))
    assert result.errors == ()


def test_intent_id_with_white_space_is_an_error() -> None:
    # The parser refuses it too; the check guards modules built in code.
    module = dsl.parse('dialog a\n    on start\n    intent "x" "X"\n', "a.bot")
    [dialog] = module.dialogs
    assert dialog.intent is not None
    spaced = attrs.evolve(dialog.intent.id, value="check balance")
    bad = attrs.evolve(dialog, intent=attrs.evolve(dialog.intent, id=spaced))
    [error] = compile_module(attrs.evolve(module, declarations=(bad,))).errors
    assert error.message == 'intent id "check balance" has white space in it'
    assert error.span == dialog.intent.id.span
    assert error.hint is not None and "one word" in error.hint


def test_intent_confidence_outside_0_to_1_is_an_error() -> None:
    # The parser already refuses such a literal; the check guards modules built in code.
    module = dsl.parse('dialog a\n    on start\n    intent "x" "X" confidence 0.5\n', "a.bot")
    [dialog] = module.dialogs
    assert dialog.intent is not None
    bad = attrs.evolve(dialog, intent=attrs.evolve(dialog.intent, confidence=1.5))
    result = compile_module(attrs.evolve(module, declarations=(bad,)))
    [error] = result.errors
    assert error.message == "intent confidence 1.5 is outside 0..1"
    assert error.span == dialog.intent.span


@pytest.mark.parametrize("duration", ["500ms", "1500ms"])
def test_pause_must_be_whole_seconds_of_at_least_one(
    compile_text: CompileText, duration: str
) -> None:
    result = compile_text(_one_step(f"pause {duration}"))
    [error] = result.errors
    assert error.message == (
        f"a `pause` of {duration} is not a whole number of seconds (at least 1s)"
    )
    assert (error.span.line, error.span.column) == (3, 11)
    assert error.hint == "write whole seconds, e.g. 2s"


def test_literal_skill_id_must_be_a_whole_number(compile_text: CompileText) -> None:
    result = compile_text(_one_step('escalate to skill "sales"'))
    [error] = result.errors
    assert error.message == 'skill id "sales" is not a whole number'
    assert error.hint is not None and "named" in error.hint


def test_templated_skill_id_is_left_to_the_runtime(compile_text: CompileText) -> None:
    result = compile_text(_one_step('escalate to skill "{{ botContext.skill }}"'))
    assert result.errors == ()


def test_escalation_attempts_below_one_is_an_error() -> None:
    # The parser already refuses `0`; the check guards modules built in code.
    module = dsl.parse('bot "B"\n    escalation attempts 2\n', "b.bot")
    bot = module.bot
    assert bot is not None
    result = compile_module(attrs.evolve(module, declarations=(
        attrs.evolve(bot, escalation_attempts=0),
    )))
    [error] = result.errors
    assert error.message == "`escalation attempts 0` is less than 1"


def test_more_than_24_quick_replies_is_an_error(compile_text: CompileText) -> None:
    replies = ", ".join(f'"r{n}"' for n in range(25))
    result = compile_text(_one_step('say "pick"', f"        quick replies {replies}\n"))
    [error] = result.errors
    assert error.message == "25 quick replies; the platform takes 1 to 24"
    assert error.hint == "offer fewer choices, or ask an open question"


def test_two_dialogs_on_start_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        """
        dialog a
            on start
            say "a"
        dialog b
            on start
            say "b"
        """
    )
    [error] = result.errors
    assert error.message == "`on start` is already the trigger of dialog `a` (line 2)"
    assert error.span.line == 5
    assert error.hint == "only one dialog may start on `on start`; remove one"


def test_functions_target_rejects_signal_and_secure_form(compile_text: CompileText) -> None:
    text = """
        dialog a
            on start
            signal {"x": 1}
        dialog b
            user says "form"
            secure form 4510014332 "Card details"
        """
    assert compile_text(text).errors == ()
    errors = compile_text(text, target="functions").errors
    assert [(e.span.line, "Functions" in e.message) for e in errors] == [(3, True), (6, True)]
    assert errors[0].hint == "compile with --target custom-endpoint, or remove this step"


def test_quick_reply_longer_than_the_platform_allows_is_an_error(
    compile_text: CompileText,
) -> None:
    long = "x" * 200
    result = compile_text(_one_step('say "pick"', f'        quick replies "ok", "{long}"\n'))
    [error] = result.errors
    assert "at most 128 characters" in error.message
    assert (error.span.line, error.span.column) == (4, 29)


@pytest.mark.parametrize("payload", ["[1, 2]", '"text"', "42", "null"])
def test_invoke_payload_must_be_a_json_object(compile_text: CompileText, payload: str) -> None:
    source = 'function f "4f9c233a-e7e6-4af3-b680-59ba20ab8962"\n\n' + _one_step(
        f"invoke f payload {payload}"
    )
    [error] = compile_text(source).errors
    assert error.message.startswith("the payload of `invoke` must be a JSON object")
    assert (error.span.line, error.span.column) == (5, 22)


def test_signal_payload_must_be_a_json_object(compile_text: CompileText) -> None:
    [error] = compile_text(_one_step("signal [1]")).errors
    assert error.message == "the payload of `signal` must be a JSON object, not an array"
    assert error.hint is not None and "object" in error.hint


def test_object_payloads_are_accepted(compile_text: CompileText) -> None:
    assert compile_text(_one_step('signal {"test": "value"}')).errors == ()


def test_a_loop_in_a_template_is_an_error(compile_text: CompileText) -> None:
    [error] = compile_text(_one_step('say "{% for x in star %}{{ x }}{% endfor %}"')).errors
    assert "`{% for %}` is not allowed in a bot's template" in error.message
    assert (error.span.line, error.span.column) == (3, 10)


def test_a_template_in_a_signal_payload_is_checked(compile_text: CompileText) -> None:
    [error] = compile_text(_one_step('signal {"topic": "{{ star[0 }}"}')).errors
    assert "cannot be parsed" in error.message and "$.topic" in error.message


def test_an_integration_timeout_of_zero_is_an_error(compile_text: CompileText) -> None:
    source = 'integration Api\n    api GET "http://127.0.0.1:9/x"\n    timeout 0s\n\n'
    [error] = compile_text(source + _one_step("call Api")).errors
    assert error.message == "`timeout 0s` would fail every call at once"
    assert (error.span.line, error.span.column) == (3, 13)
