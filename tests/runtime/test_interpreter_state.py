"""The conversation state record: its JSON form and the errors of a corrupt one."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from botc.runtime.state import ConversationState, HeldItem, PendingUpload, StateError, Wait

waits = st.builds(
    Wait,
    kind=st.sampled_from(["ask", "upload", "call"]),
    step=st.integers(0, 50),
    effect=st.none() | st.just("e3"),
    star=st.lists(st.text(max_size=4), max_size=2).map(tuple),
    silent=st.booleans(),
    scope=st.none() | st.just({"event": {"type": "TEXT"}, "context": {}, "steps": 2}),
)
states = st.builds(
    ConversationState,
    fields=st.dictionaries(st.text(max_size=4), st.integers() | st.text(max_size=4), max_size=3),
    bot_context=st.dictionaries(st.text(max_size=4), st.booleans(), max_size=2),
    star=st.lists(st.text(max_size=4), max_size=2).map(tuple),
    user_message=st.none() | st.text(max_size=6),
    dialog=st.none() | st.integers(0, 5),
    wait=st.none() | waits,
    suspended=st.lists(waits, max_size=3).map(tuple),
    escalation_failures=st.integers(0, 3),
    effect_counter=st.integers(0, 9),
    pending_uploads=st.lists(
        st.builds(PendingUpload, st.just("e1"), st.integers(0, 9)), max_size=2
    ).map(tuple),
    accepted_file=st.none() | st.just({"relativePath": "a.pdf", "size": 3}),
    held=st.lists(
        st.builds(
            HeldItem,
            st.just({"type": "TEXT", "data": {"message": "x"}}),
            st.none() | st.integers(0, 3),
        ),
        max_size=2,
    ).map(tuple),
    action_sent=st.booleans(),
    ended=st.booleans(),
)


@given(states)
def test_state_round_trips_through_json_text(state: ConversationState) -> None:
    assert ConversationState.from_json(json.loads(json.dumps(state.to_json()))) == state


def test_initial_state_is_an_empty_object() -> None:
    assert ConversationState.initial().to_json() == {}


def test_dialog_zero_is_kept_in_the_json() -> None:
    assert ConversationState(dialog=0).to_json() == {"dialog": 0}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "state must be an object"),
        ({"colour": "red"}, "unknown state key 'colour'"),
        ({"wait": {"kind": "dance", "step": 1}}, "wait.kind must be ask, upload or call"),
        ({"wait": {"kind": "ask", "step": "1"}}, "wait.step must be a whole number"),
        ({"star": "x"}, "star must be an array"),
        ({"effectCounter": True}, "effectCounter must be a whole number"),
        (
            {"pendingUploads": [{"effect": 1, "step": 2}]},
            "pendingUploads[].effect must be a string",
        ),
    ],
)
def test_corrupt_state_is_refused_naming_the_key(data: object, problem: str) -> None:
    with pytest.raises(StateError) as caught:
        ConversationState.from_json(data)
    assert str(caught.value).startswith(problem)


@given(states, states)
def test_a_changed_copy_is_what_attrs_evolve_makes_and_leaves_the_original_alone(
    state: ConversationState, other: ConversationState
) -> None:
    changes = {"dialog": other.dialog, "fields": other.fields, "wait": other.wait}
    before = ConversationState.from_json(state.to_json())
    assert state.changed(**changes) == attrs.evolve(state, **changes)
    assert state == before


def test_a_change_of_a_field_the_state_has_not_is_refused() -> None:
    with pytest.raises(TypeError, match="no field 'dialogue'"):
        ConversationState.initial().changed(dialogue=1)
