"""compiler.lower: each construct gives the table docs/TABLE.md documents."""

from pathlib import Path
from typing import Any

import pytest

from botc.compiler import compile_file, compile_source
from botc.runtime import defaults

FIXTURES = Path(__file__).parent.parent / "bots" / "valid"


@pytest.fixture(scope="module")
def table() -> dict[str, Any]:
    result = compile_file(FIXTURES / "every_step.bot")
    assert result.diagnostics == ()
    assert result.table is not None
    return result.table


def _steps(table: dict[str, Any], op: str) -> list[dict[str, Any]]:
    return [step for step in table["steps"] if step["op"] == op]


def _dialog(table: dict[str, Any], name: str) -> int:
    return next(i for i, d in enumerate(table["dialogs"]) if d["name"] == name)


def test_top_level_keys_are_in_documented_order(table: dict[str, Any]) -> None:
    assert list(table) == [
        "format", "source", "bot", "integrations", "functions", "dialogs", "triggers",
        "steps", "tests",
    ]
    assert table["format"] == "botc-table/1"


def test_bot_texts_take_the_default_response(table: dict[str, Any]) -> None:
    assert table["bot"] == {
        "name": "Every Step",
        "default_response": "Something broke.",
        "escalation_attempts": 3,
        "texts": {
            "error": "Something broke.",
            "integration_failure": "Something broke.",
            "escalation_stopped": "Something broke.",
            "not_understood": defaults.NOT_UNDERSTOOD_TEXT,
        },
    }


def test_without_bot_block_the_seed_texts_are_filled_in() -> None:
    result = compile_source('dialog a\n    on start\n    say "x"\n', "a.bot")
    assert result.table is not None
    assert result.table["bot"] == {
        "name": None,
        "default_response": None,
        "escalation_attempts": defaults.ESCALATION_ATTEMPTS,
        "texts": {
            "error": defaults.ERROR_TEXT,
            "integration_failure": defaults.INTEGRATION_FAILURE_TEXT,
            "escalation_stopped": defaults.ESCALATION_STOPPED_TEXT,
            "not_understood": defaults.NOT_UNDERSTOOD_TEXT,
        },
    }


def test_api_integration_lowers_with_translated_templates(table: dict[str, Any]) -> None:
    balance = table["integrations"]["Balance"]
    assert balance["kind"] == "api"
    assert balance["method"] == "POST"
    assert balance["url"] == "http://127.0.0.1:8080/balance/{{ botContext.account }}"
    assert balance["headers"] == [{"name": "Authorization", "value": "Bearer {{ secret.TOKEN }}"}]
    assert balance["body"] == {"account": "{{ account }}", "n": 1}
    assert balance["timeout_ms"] == 5000
    assert balance["stores"] == [
        {"field": "amount", "expression": "response.body.amount", "line": 11}
    ]


def test_integration_timeout_defaults_to_ten_seconds() -> None:
    result = compile_source('integration A\n    api GET "http://127.0.0.1/"\n', "a.bot")
    assert result.table is not None
    assert result.table["integrations"]["A"]["timeout_ms"] == defaults.INTEGRATION_TIMEOUT_MS


def test_function_lowers_to_its_lambda_uuid(table: dict[str, Any]) -> None:
    assert table["functions"] == {
        "recommend": {"lambda_uuid": "4f9c233a-e7e6-4af3-b680-59ba20ab8962", "line": 17}
    }


def test_dialog_entry_and_intent(table: dict[str, Any]) -> None:
    balance = table["dialogs"][_dialog(table, "balance")]
    assert balance["intent"] == {
        "id": "check-balance", "description": "Check account balance", "confidence": 0.8
    }
    assert table["steps"][balance["entry"]]["op"] == "ask"
    assert table["dialogs"][_dialog(table, "welcome")]["intent"] is None


def test_event_triggers_name_their_dialogs(table: dict[str, Any]) -> None:
    triggers = table["triggers"]
    assert triggers["start"] == _dialog(table, "welcome")
    assert triggers["fallback"] == _dialog(table, "fallback")
    assert triggers["signal"] == _dialog(table, "actions_signal")
    assert triggers["rich_content"] == _dialog(table, "actions_priority_urgent")


def test_user_says_patterns_are_parsed_with_excludes_and_rank(table: dict[str, Any]) -> None:
    star = table["triggers"]["patterns"][1]
    assert star == {
        "dialog": _dialog(table, "balance"),
        "source": "* my balance *",
        "pattern": [{"star": True}, {"text": " my balance "}, {"star": True}],
        "regex": None,
        "excludes": ["cancel"],
        "exact": False,
        "literal": 10,
        "order": 1,
        "line": 30,
    }
    regex = table["triggers"]["patterns"][3]
    assert (regex["pattern"], regex["regex"], regex["literal"]) == (None, "^upload( .*)?$", 0)


def test_patterns_are_normalized() -> None:
    result = compile_source('dialog a\n    user says "  What  IS this?! "\n    end\n', "a.bot")
    assert result.table is not None
    assert result.table["triggers"]["patterns"][0]["pattern"] == [{"text": "what is this"}]


def test_step_ids_are_indexes_and_next_stays_in_the_dialog(table: dict[str, Any]) -> None:
    steps = table["steps"]
    assert [step["id"] for step in steps] == list(range(len(steps)))
    for step in steps:
        following = steps[step["id"] + 1] if step["id"] + 1 < len(steps) else None
        same_dialog = following is not None and following["dialog"] == step["dialog"]
        assert step["next"] == (step["id"] + 1 if same_dialog else None)


def test_say_args(table: dict[str, Any]) -> None:
    say = _steps(table, "say")[0]
    assert say["args"] == {
        "text": "Hi {{ user.message }}",
        "audience": "consumer",
        "quick_replies": ["Balance", "Agent"],
        "metadata": [{"type": "ExternalId", "id": "ABCD1234"}],
        "encoded_metadata": "eyJhIjogMX0=",
    }
    assert _steps(table, "say")[1]["args"]["audience"] == "agents"


def test_card_file_is_inlined_with_templates_translated(table: dict[str, Any]) -> None:
    card = _steps(table, "card")[0]["args"]
    assert card["content"]["elements"][0]["text"] == "Welcome, {{ botContext.name }}!"
    assert (card["metadata"], card["encoded_metadata"]) == (None, None)


def test_pause_args(table: dict[str, Any]) -> None:
    assert _steps(table, "pause")[0]["args"] == {"seconds": 2, "typing": False}


def test_ask_args_and_branches(table: dict[str, Any]) -> None:
    ask = _steps(table, "ask")[0]
    assert ask["args"] == {
        "field": "account", "question": "Your account number?", "quick_replies": ["123456"]
    }
    when, otherwise = ask["branches"]
    assert when["kind"] == "when"
    assert when["expression"] == 'answer is matching("^[0-9]{6}$")'
    assert table["steps"][when["target"]["step"]]["label"] == "lookup"
    assert otherwise == {
        "kind": "otherwise", "expression": None, "target": {"step": ask["id"] + 1}, "line": 35
    }


def test_call_branches_lower_outcomes_dialogs_and_end(table: dict[str, Any]) -> None:
    call = _steps(table, "call")[0]
    assert call["args"] == {"integration": "Balance"}
    assert [(b["kind"], b["target"]) for b in call["branches"]] == [
        ("when", {"end": True}),
        ("success", {"step": call["id"] + 1}),
        ("failure", {"dialog": _dialog(table, "agent")}),
    ]


def test_set_args_for_both_scopes(table: dict[str, Any]) -> None:
    assert [s["args"] for s in _steps(table, "set")] == [
        {"field": "account", "scope": "botContext", "expression": "answer"},
        {"field": "last", "scope": "custom", "expression": "Balance.amount"},
    ]


def test_goto_dialog_args(table: dict[str, Any]) -> None:
    assert _steps(table, "goto")[0]["args"] == {"target": {"dialog": _dialog(table, "welcome")}}


def test_upload_args_fill_defaults_and_types(table: dict[str, Any]) -> None:
    assert _steps(table, "upload")[0]["args"] == {
        "message": "Please upload your ID.",
        "accept": ["pdf", "jpeg"],
        "success": "Got it.",
        "failure": defaults.UPLOAD_FAILURE_TEXT,
        "invalid": "Use pdf, jpeg.",
        "progress": defaults.UPLOAD_PROGRESS_TEXT,
        "max_bytes": defaults.UPLOAD_MAX_BYTES,
    }


def test_escalate_args_for_id_name_and_template(table: dict[str, Any]) -> None:
    by_id, by_name, by_template = (s["args"] for s in _steps(table, "escalate"))
    assert by_id == {
        "skill_id": "1234", "skill_name": None, "agent_id": "99",
        "message": "Connecting you.", "with_context": True,
    }
    assert by_name == {
        "skill_id": None, "skill_name": "sales-team", "agent_id": None,
        "message": None, "with_context": False,
    }
    assert by_template["skill_id"] == "{{ botContext.skill }}"
    assert by_template["message"] == defaults.ESCALATION_MESSAGE


def test_action_args(table: dict[str, Any]) -> None:
    assert _steps(table, "invoke")[0]["args"] == {
        "function": "recommend",
        "lambda_uuid": "4f9c233a-e7e6-4af3-b680-59ba20ab8962",
        "payload": {"q": 1},
        "fail_on_error": True,
    }
    assert _steps(table, "signal")[0]["args"] == {"payload": {"kind": "ping"}}
    assert _steps(table, "secure_form")[0]["args"] == {
        "form_id": 4510014332, "title": "Card details"
    }
    assert _steps(table, "close")[0]["args"] == {"without_survey": True}
    assert [s["args"] for s in _steps(table, "priority")] == [
        {"ttr_type": "CUSTOM", "seconds": 120},
        {"ttr_type": "URGENT", "seconds": None},
    ]
    assert _steps(table, "end")[0]["args"] == {}


def test_test_lines_lower_with_defaults(table: dict[str, Any]) -> None:
    [test] = table["tests"]
    assert test["name"] == "every line"
    lines = test["lines"]
    assert lines[0] == {"op": "start", "line": lines[0]["line"], "text": None}
    assert lines[1]["text"] == "balance"
    assert lines[3] == {"op": "upload", "line": lines[3]["line"], "filename": "id.pdf",
                        "size": 120 * 1024}
    assert (lines[4]["status"], lines[4]["body"]) == (404, {"error": "x"})
    assert lines[5]["status"] == 200
    assert lines[6] == {"op": "fails", "line": lines[6]["line"], "integration": "Balance"}
    assert lines[7]["content"] == {"type": "map"}
    assert lines[8]["payload"] == "payload"
    assert (lines[9]["audience"], lines[10]["audience"]) == ("consumer", "agents")
    expects = [(line["kind"], line["argument"]) for line in lines[11:]]
    assert expects == [
        ("transfer", "1234"), ("close", None), ("card", None), ("pause", "2s"),
        ("invoke", "recommend"), ("signal", None), ("secure form", "4510014332"),
        ("priority", "urgent"), ("nothing", None),
    ]


def test_compiling_twice_gives_the_same_table() -> None:
    first = compile_file(FIXTURES / "every_step.bot").table
    assert first == compile_file(FIXTURES / "every_step.bot").table


def test_each_table_gets_its_own_pattern_items() -> None:
    text = 'dialog a\n    user says "(hi|hello) [there] *"\n    say "a"\n'
    first = compile_source(text, "t.bot").table
    assert first is not None
    items = first["triggers"]["patterns"][0]["pattern"]
    items[0]["choice"][0][0]["text"] = "changed"
    items[2]["optional"].clear()
    items.append({"star": True})
    again = compile_source(text, "t.bot").table
    assert again is not None
    assert again["triggers"]["patterns"][0]["pattern"] == [
        {"choice": [[{"text": "hi"}], [{"text": "hello"}]]},
        {"text": " "},
        {"optional": [{"text": "there"}]},
        {"text": " "},
        {"star": True},
    ]
