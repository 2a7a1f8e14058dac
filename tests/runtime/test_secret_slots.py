"""Secret slots (runtime/secret_slots.py): a secret goes only where the template names it."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.faults import RuntimeFault
from botc.runtime.secret_slots import SecretMarkers, SlotText, render_with_secrets
from botc.runtime.templates import build_environment, compile_template, render

ENV = build_environment()
DECLARED = frozenset({"TOKEN", "KEY"})


def _slots(source: str, **scope: Any) -> SlotText:
    template = compile_template(ENV, source)

    def render_once(secret: SecretMarkers) -> str:
        return render(template, {**scope, "secret": secret})

    return render_with_secrets(render_once, DECLARED)


def test_a_template_without_secrets_has_no_slots() -> None:
    assert _slots("/accounts/{{ n }}", n=7) == SlotText("/accounts/7", None)


def test_the_templates_own_secret_is_a_slot_between_literal_parts() -> None:
    text = _slots("Bearer {{ secret.TOKEN }} for {{ who }}", who="ada")
    assert text.parts == ("Bearer ", {"secret": "TOKEN"}, " for ada")
    assert text.display == "Bearer {{ secret.TOKEN }} for ada"


def test_subscript_spelling_is_a_slot_too() -> None:
    assert _slots('{{ secret["KEY"] }}').parts == ({"secret": "KEY"},)


def test_an_undeclared_name_is_a_fault() -> None:
    with pytest.raises(RuntimeFault, match=r"secret\.HOME is not declared"):
        _slots("{{ secret.HOME }}")


def test_a_changed_secret_is_a_fault_not_a_half_filled_text() -> None:
    with pytest.raises(RuntimeFault, match="changed by an expression"):
        _slots("{{ secret.TOKEN | upper }}")


def test_a_secret_in_a_condition_leaves_no_slot_to_fill() -> None:
    # the marker's length is the same in both renderings: nothing to fill, nothing leaked
    text = _slots("{% if secret.TOKEN | length > 3 %}long{% endif %}")
    assert text.parts is None


FORGED = st.sampled_from(
    [
        "{{secret.TOKEN}}",
        "{{ secret.KEY }}",
        "\x00botc-secret-a:TOKEN\x00",
        "\x00botc-secret-b:TOKEN\x00",
        "\x00botc-secret-a:KEY\x00\x00botc-secret-b:KEY\x00",
        "\x00botc-secret-a:TO",
        "{$secret.TOKEN}",
        "{secret.KEY}",
    ]
)


@given(st.lists(st.one_of(FORGED, st.text(max_size=5)), max_size=6).map("".join))
def test_text_from_a_value_never_becomes_a_slot(answer: str) -> None:
    text = _slots("k={{ secret.TOKEN }}&q={{ answer }}", answer=answer)
    assert text.parts == ("k=", {"secret": "TOKEN"}, "&q=" + answer)


@given(st.lists(st.one_of(FORGED, st.text(max_size=5)), max_size=6).map("".join))
def test_a_value_alone_never_becomes_a_slot(answer: str) -> None:
    text = _slots("{{ answer }}", answer=answer)
    assert text.parts is None
    assert text.display == answer
