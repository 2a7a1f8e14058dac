"""compiler.templates: Conversation Builder variable forms become Jinja2."""

from botc.compiler.templates import translate_json, translate_template


def test_bot_context_form_becomes_bot_context_lookup() -> None:
    assert translate_template("Hi {$botContext.name}!") == "Hi {{ botContext.name }}!"


def test_user_message_form_becomes_user_message() -> None:
    assert translate_template("You said {$userMessage}") == "You said {{ user.message }}"


def test_integration_field_form_becomes_expression() -> None:
    assert translate_template("{Balance.amount} USD") == "{{ Balance.amount }} USD"


def test_jinja_blocks_are_left_alone() -> None:
    text = "{{ Balance.amount }} and {% if x %}y{% endif %}"
    assert translate_template(text) == text


def test_json_string_leaves_are_translated_and_other_values_kept() -> None:
    value = {"a": ["{$userMessage}", 1, None], "b": {"c": "{X.y}"}, "d": True}
    assert translate_json(value) == {
        "a": ["{{ user.message }}", 1, None],
        "b": {"c": "{{ X.y }}"},
        "d": True,
    }
