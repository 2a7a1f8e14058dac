"""Runtime faults: failing templates (LANGUAGE.md 6), runaway turns, held-back actions,
secrets outside integrations, conversation changes."""

from __future__ import annotations

from typing import Any

from core_chat import Chat, compile_table, kinds, texts
from hand_tables import minimal_table, say_step

from botc.runtime.defaults import ERROR_TEXT, MAX_STEPS_PER_TURN
from botc.runtime.loading import load_table


def test_undefined_name_sends_the_default_response_and_ends_the_dialog(compile_bot) -> None:
    chat = Chat(
        compile_bot('dialog a\n    user says "go"\n    say "Hi {{ nobody }}"\n    say "Never."\n')
    )
    output = chat.user("go")
    assert texts(output) == [ERROR_TEXT]
    assert chat.state.dialog is None


def test_template_fault_names_the_step_line_dialog_and_file(compile_bot) -> None:
    chat = Chat(compile_bot('dialog a\n    user says "go"\n    say "ok"\n    say "{{ 1 / 0 }}"\n'))
    fault = chat.user("go").faults[0]
    assert (fault.dialog, fault.line) == ("a", 4)
    assert fault.file is not None and fault.file.endswith("bot.bot")
    assert "ZeroDivisionError" in fault.message


def test_template_failure_uses_the_bots_default_response(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            'bot "B"\n    default response "Oops."\n'
            'dialog a\n    user says "go"\n    say "{{ nobody }}"\n'
        )
    )
    assert texts(chat.user("go")) == ["Oops."]


def test_failing_when_condition_is_a_template_failure(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            'dialog a\n    user says "go"\n    ask n "N?"\n'
            "        when answer | int > nobody -> next\n"
        )
    )
    chat.user("go")
    output = chat.user("5")
    assert texts(output) == [ERROR_TEXT]
    assert output.faults[0].line == 3


def test_template_failure_resumes_a_suspended_ask(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            'dialog a\n    user says "go"\n    ask n "N?"\n        when answer == "1" -> next\n'
            'dialog b\n    user says "break"\n    say "{{ nobody }}"\n'
        )
    )
    chat.user("go")
    assert texts(chat.user("break")) == [ERROR_TEXT, "N?"]


def test_secret_outside_an_integration_is_an_undefined_name() -> None:
    # the compiler refuses this; a hand-made table still must not leak the name's value
    chat = Chat(load_table(minimal_table(say_step(0, 0, "{{ secret.TOKEN }}"))))
    output = chat.start()
    assert texts(output) == [ERROR_TEXT]
    assert "undefined" in output.faults[0].message


def test_a_loop_without_a_wait_is_stopped_with_a_fault(tmp_path) -> None:
    table: dict[str, Any] = minimal_table(
        {
            "id": 0,
            "op": "goto",
            "dialog": 0,
            "label": "top",
            "line": 3,
            "next": None,
            "args": {"target": {"step": 0}},
            "branches": [],
        }
    )
    chat = Chat(load_table(table))
    output = chat.start()
    assert texts(output) == [ERROR_TEXT]
    assert f"{MAX_STEPS_PER_TURN}" in output.faults[0].message
    assert len(output.steps_run) == MAX_STEPS_PER_TURN


def _two_actions(tmp_path) -> Chat:
    """A bot whose one response would carry two actions (the compiler would refuse it, so
    the second is put in by hand): the runtime holds the second back."""
    table = compile_table(
        'dialog a\n    user says "go"\n    close\n    say "After."\n    say "Later."\n'
        'dialog b\n    user says "next"\n    say "Next."\n',
        tmp_path,
    )
    table["steps"][1]["op"] = "priority"
    table["steps"][1]["args"] = {"ttr_type": "URGENT", "seconds": None}
    return Chat(load_table(table))


def test_second_action_of_a_response_is_held_back_with_what_follows(tmp_path) -> None:
    chat = _two_actions(tmp_path)
    output = chat.user("go")
    assert kinds(output) == ["ACTION:CLOSE_CONVERSATION"]
    assert len(chat.state.held) == 2


def test_held_items_go_out_first_in_the_next_response(tmp_path) -> None:
    chat = _two_actions(tmp_path)
    chat.user("go")
    output = chat.user("next")
    assert kinds(output) == ["ACTION:CHANGE_TTR", "TEXT", "TEXT"]
    assert texts(output) == ["Later.", "Next."]
    assert chat.state.held == ()


def test_hand_written_table_runs_without_a_compiler() -> None:
    chat = Chat(load_table(minimal_table(say_step(0, 0, "Hello", 1), say_step(1, 0, "Bye"))))
    assert texts(chat.start()) == ["Hello", "Bye"]


def test_close_conversation_event_ends_the_state(compile_bot) -> None:
    chat = Chat(compile_bot('dialog a\n    user says "go"\n    ask n "N?"\n'))
    chat.user("go")
    output = chat.send({"type": "CLOSE_CONVERSATION", "data": {}})
    assert output.items == ()
    assert chat.state.ended and chat.state.wait is None


def test_conversation_closed_event_ends_the_state(compile_bot) -> None:
    chat = Chat(compile_bot('dialog a\n    user says "go"\n    ask n "N?"\n'))
    chat.user("go")
    chat.send({"type": "CONVERSATION", "data": {"name": "CLOSED"}})
    assert chat.state.ended


def test_conversation_transferred_event_is_accepted_and_changes_nothing(compile_bot) -> None:
    chat = Chat(compile_bot('dialog a\n    user says "go"\n    ask n "N?"\n'))
    chat.user("go")
    before = chat.state
    output = chat.send({"type": "CONVERSATION", "data": {"name": "TRANSFERRED"}})
    assert output.items == () and chat.state == before


def test_event_after_the_end_starts_a_fresh_conversation(compile_bot) -> None:
    chat = Chat(compile_bot('dialog a\n    user says "go"\n    set x = 1\n    say "Go {{ x }}."\n'))
    chat.user("go")
    chat.send({"type": "CLOSE_CONVERSATION", "data": {}})
    chat.user("go")
    assert not chat.state.ended and chat.state.fields == {"x": 1}
