"""What `Output` reports beside the items: coverage data, and merging one turn's outputs."""

from __future__ import annotations

from core_chat import Chat

from botc.runtime.interpreter import Output, merge_outputs

GREETING = {"id": "greet", "description": "Greeting", "confidenceScore": 1.0}
BALANCE = {"id": "balance", "description": "Balance", "confidenceScore": 0.5}


def test_merging_a_turns_outputs_lists_each_intent_once_in_order() -> None:
    first = Output(items=({"type": "TEXT", "data": {"message": "a"}},), intents=(GREETING,))
    second = Output(
        items=({"type": "TEXT", "data": {"message": "b"}},), intents=(BALANCE, GREETING)
    )
    merged = merge_outputs([first, second])
    assert [i["data"]["message"] for i in merged.items] == ["a", "b"]
    assert merged.intents == (GREETING, BALANCE)


def test_merging_no_outputs_gives_an_empty_output() -> None:
    assert merge_outputs([]) == Output()


def test_steps_run_and_branches_taken_are_reported(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            'dialog a\n    user says "go"\n    ask n "N?"\n'
            '        when answer == "1" -> one\n        otherwise -> other\n'
            '    one: say "One."\n    end\n    other: say "Other."\n'
        )
    )
    entry = chat.table.dialogs[0]["entry"]
    assert chat.user("go").steps_run == (entry,)
    output = chat.user("2")
    assert output.branches_taken == ((entry, 1),)
    assert output.steps_run == (entry + 3,)
