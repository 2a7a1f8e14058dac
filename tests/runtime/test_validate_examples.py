"""The example bots, run through `botc run` for real, answer with valid replies.

Every output line is checked with the project's rules (`response_problems`,
`functions_response_problems`) and with LivePerson's files (`validate_bot_response`),
so each kind of item the examples produce — texts, private texts, cards, quick replies,
delays with and without typing, metadata, and every action — is covered end to end.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from vendor_schemas import require_vendor, validate_bot_response

from botc.runtime.wire.validate import functions_response_problems, response_problems

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _text(message: str, sequence: int) -> dict[str, Any]:
    return {"type": "TEXT", "source": "CONSUMER", "data": {"message": message},
            "context": {"lpEvent": {"sequence": sequence}}}


def _texts(*messages: str) -> list[dict[str, Any]]:
    return [_text(message, n) for n, message in enumerate(messages, start=1)]


_START = {"type": "START", "source": "CONVERSATION", "data": {}, "context": {"lpEvent": {}}}
_MAP = {"type": "RICH_CONTENT", "source": "CONSUMER", "context": {"lpEvent": {}}, "data": {
    "content": {"type": "vertical", "elements": [{"type": "map", "la": 49.4, "lo": 7.7}]}}}
_SIGNAL = {"type": "SIGNAL", "source": "CONSUMER", "data": {"content": "{}"},
           "context": {"lpEvent": {}}}

CONVERSATIONS: dict[str, tuple[list[dict[str, Any]], dict[str, Any]]] = {
    "movies.bot": ([_START, *_texts(
        "recommend a movie", "comedy", "rate the movie", "this is awful", "5", "member",
        "premium member", "no rush", "popcorn")], {"SaveRating": [{"status": 201}]}),
    "secure_form.bot": ([*_texts(
        "pay my bill", "FORM-SUBMISSION-INTENT", "card ending 1234", "manager",
        "card ending 1234", "freeze", "my name is ada", "block card", "thanks",
        "bye, no survey"), _MAP, _SIGNAL], {"BlockCard": [{"status": 500}]}),
    "account_opening.bot": ([*_texts("open account", "Ada"), {
        "type": "hosted-file", "source": "CONSUMER", "context": {"lpEvent": {}},
        "data": {"relativePath": "/files/id.pdf", "fileType": "PDF", "size": 1000}}],
        {"Documents": [{"status": 201}]}),
}


def _run(bot: Path, events: list[dict[str, Any]], stubs: dict[str, Any] | Path,
         tmp_path: Path, fmt: str = "custom-endpoint") -> list[Any]:
    if isinstance(stubs, dict):
        path = tmp_path / "stubs.json"
        path.write_text(json.dumps(stubs))
        stubs = path
    done = subprocess.run(
        [sys.executable, "-m", "botc", "run", str(bot), "--stubs", str(stubs),
         "--format", fmt],
        input="\n".join(json.dumps(e) for e in events) + "\n",
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_readme_command_gives_valid_replies(tmp_path: Path) -> None:
    require_vendor()
    lines = (EXAMPLES / "balance.events.jsonl").read_text().splitlines()
    replies = _run(EXAMPLES / "balance.bot", [json.loads(line) for line in lines],
                   EXAMPLES / "balance.stubs.json", tmp_path)
    assert len(replies) == len(lines)
    for reply in replies:
        assert response_problems(reply) == []
        validate_bot_response(reply)


def test_the_readme_bad_day_gives_valid_replies_around_its_error_line(tmp_path: Path) -> None:
    require_vendor()
    lines = (EXAMPLES / "balance.bad-day.events.jsonl").read_text().splitlines()
    replies = _run(EXAMPLES / "balance.bot", [json.loads(line) for line in lines],
                   EXAMPLES / "balance.bad-day.stubs.json", tmp_path)
    errors = [reply for reply in replies if "error" in reply]
    assert len(errors) == 1 and "VIDEO" in errors[0]["error"]  # the deliberate bad line
    for reply in replies:
        if "error" not in reply:
            assert response_problems(reply) == []
            validate_bot_response(reply)


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_example_replies_are_valid_custom_endpoint_responses(name: str, tmp_path: Path) -> None:
    require_vendor()
    events, stubs = CONVERSATIONS[name]
    replies = _run(EXAMPLES / name, events, stubs, tmp_path)
    assert len(replies) == len(events)
    for reply in replies:
        assert response_problems(reply) == [], reply
        validate_bot_response(reply)


def test_example_replies_cover_every_item_and_action(tmp_path: Path) -> None:
    seen: set[str] = set()
    for name, (events, stubs) in CONVERSATIONS.items():
        for reply in _run(EXAMPLES / name, events, stubs, tmp_path):
            for item in reply["response"]:
                data = item["data"]
                seen.add(item["type"] if item["type"] != "ACTION" else data["name"])
                seen.update(key for key in ("metadata", "encodedMetadata", "messageAudience")
                            if key in data)
                if item["type"] == "DELAY" and data.get("typing") is False:
                    seen.add("DELAY without typing")
                if "quickReplies" in data.get("structuredContent", {}):
                    seen.add("quickReplies")
    assert seen >= {
        "TEXT", "STRUCTURED_CONTENT", "DELAY", "DELAY without typing", "quickReplies",
        "metadata", "encodedMetadata", "messageAudience", "TRANSFER", "CLOSE_CONVERSATION",
        "CHANGE_TTR", "INVOKE_FUNCTION", "SIGNAL", "SEND_SECURE_FORM"}


@pytest.mark.parametrize("name", ["movies.bot", "account_opening.bot"])
def test_example_replies_are_valid_functions_responses(name: str, tmp_path: Path) -> None:
    events, stubs = CONVERSATIONS[name]
    for reply in _run(EXAMPLES / name, events, stubs, tmp_path, fmt="functions"):
        assert functions_response_problems(reply) == [], reply


def test_action_payload_strings_are_rendered_as_templates(tmp_path: Path) -> None:
    replies = _run(EXAMPLES / "movies.bot", _texts("recommend a movie", "Comedy"), {}, tmp_path)
    [action] = [i for i in replies[-1]["response"] if i["type"] == "ACTION"]
    assert action["data"]["parameters"]["payload"] == {"genre": "comedy", "source": "movie-night"}


def test_escalation_with_context_carries_the_intent_and_the_last_message(
        tmp_path: Path) -> None:
    replies = _run(EXAMPLES / "secure_form.bot", _texts("card ending 1234", "Account manager"),
                   {}, tmp_path)
    [action] = [i for i in replies[-1]["response"] if i["type"] == "ACTION"]
    assert action["data"]["parameters"] == {
        "skillId": "1234", "agentId": "5678",
        "transferContext": {"intent": "card-options", "message": "Account manager"}}
