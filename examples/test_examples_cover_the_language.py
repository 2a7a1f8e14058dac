"""Together, the example bots use every construct of LANGUAGE.md, and each compiles cleanly.

The constructs are read from the parsed files (the AST), not from their text, so a
construct counts only when the parser saw it where it means something.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from botc.compiler import compile_file
from botc.dsl import ast, parse

EXAMPLES = Path(__file__).resolve().parent
BOTS = sorted(EXAMPLES.glob("*.bot"))


def _nodes(value: Any) -> Iterator[Any]:
    """Every attrs node under `value`, depth first."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from _nodes(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _nodes(item)


def _features(node: Any) -> set[str]:
    """The constructs one node stands for, named as LANGUAGE.md writes them."""
    match node:
        case ast.BotSettings():
            return _present(("default response", node.default_response),
                            ("escalation attempts", node.escalation_attempts))
        case ast.Integration():
            secret = any("secret." in h.value.value for h in node.headers)
            return {f"integration {node.kind} {node.method}"} | _present(
                ("header", node.headers), ("body", node.body), ("timeout", node.timeout),
                ("store", node.stores), ("secret", secret))
        case ast.UserSays():
            found = {"user says"} | _present(("except", node.excludes))
            for pattern in (p.value for p in node.patterns):
                if pattern.startswith("/") and pattern.endswith("/"):
                    found.add("/regex/")
                    continue
                found |= {form for form, mark in (("*", "*"), ("(a|b)", "("), ("[optional]", "["),
                                                  ("(|empty)", "(|")) if mark in pattern}
            return found
        case ast.OnEvent():
            return {f"on {node.event}"}
        case ast.Intent():
            return {"intent"} | _present(("confidence", node.confidence))
        case ast.SayStep():
            found = {"say to agents" if node.to_agents else "say"}
            return found | {f"say {option}" for option in _options(node.options)}
        case ast.CardStep():
            found = {"card file" if node.file is not None else "card inline"}
            return found | {f"card {option}" for option in _options(node.options)}
        case ast.PauseStep():
            return {"pause" if node.typing else "pause without typing"}
        case ast.AskStep():
            return {"ask"} | _present(("ask quick replies", node.quick_replies))
        case ast.WhenBranch():
            return {"when"}
        case ast.OtherwiseBranch():
            return {"otherwise"}
        case ast.OutcomeBranch():
            return {f"on {node.outcome}"}
        case ast.CallStep():
            when = any(isinstance(b, ast.WhenBranch) for b in node.branches)
            return {"call"} | _present(("call when", when))
        case ast.UploadStep():
            return {"upload"} | _present(
                ("accept", node.accept), ("upload success", node.success),
                ("upload failure", node.failure), ("upload invalid", node.invalid),
                ("upload progress", node.progress))
        case ast.EscalateStep():
            return _escalation(node)
        case ast.InvokeStep():
            return {"invoke"} | _present(
                ("invoke payload", node.payload), ("fail on error", node.fail_on_error))
        case ast.SignalStep():
            return {"signal"}
        case ast.SecureFormStep():
            return {"secure form"}
        case ast.CloseStep():
            return {"close without survey" if node.without_survey else "close"}
        case ast.PriorityStep():
            return {f"priority {node.level}"}
        case ast.SetStep():
            return {"set botContext" if node.bot_context else "set"}
        case ast.GotoStep():
            return {"goto dialog" if isinstance(node.target, ast.DialogTarget) else "goto label"}
        case ast.EndStep():
            return {"end"}
        case ast.LabelTarget() | ast.DialogTarget() | ast.NextTarget() | ast.EndTarget():
            return {f"target {type(node).__name__}"}
        case ast.Str() if "star[" in node.value:
            return {"star[0]"}
        case ast.Str() if "{$" in node.value or "{Balance." in node.value:
            return {"Conversation Builder variables"}
        case ast.Expr() if " is number" in node.source:
            return {"is number"}
        case ast.Expr() if "is matching(" in node.source:
            return {"is matching"}
    return {f"test {type(node).__name__}"} if type(node).__name__.endswith("Line") else set()


def _present(*pairs: tuple[str, Any]) -> set[str]:
    """The names whose value is there (not None, not empty, not False)."""
    return {name for name, value in pairs if value is not None and value != () and value
            is not False}


def _options(options: ast.MessageOptions) -> set[str]:
    return _present(("metadata", options.metadata), ("encoded metadata", options.encoded_metadata),
                    ("quick replies", options.quick_replies))


def _escalation(node: ast.EscalateStep) -> set[str]:
    by_name = isinstance(node.skill, ast.SkillByName)
    template = isinstance(node.skill, ast.SkillById) and isinstance(node.skill.value, ast.Str)
    return {"escalate named" if by_name else "escalate skill"} | _present(
        ("escalate skill template", template), ("escalate agent", node.agent),
        ("escalate silently", node.silently), ("escalate message", node.message),
        ("with context", node.with_context))


EVERY_CONSTRUCT = {
    "default response", "escalation attempts", "integration api GET", "integration api POST",
    "integration file POST", "header", "body", "timeout", "store", "secret", "user says",
    "except", "*", "(a|b)", "[optional]", "(|empty)", "/regex/", "on start", "on fallback",
    "on rich content", "on signal", "intent", "confidence", "say", "say to agents",
    "say metadata", "say quick replies", "card inline", "card file", "card metadata",
    "card encoded metadata", "pause", "pause without typing", "ask", "ask quick replies",
    "when", "otherwise", "call", "call when", "on success", "on failure", "upload", "accept",
    "upload success", "upload failure", "upload invalid", "upload progress", "escalate skill",
    "escalate skill template", "escalate named", "escalate agent", "escalate silently",
    "escalate message", "with context", "invoke", "invoke payload", "fail on error", "signal",
    "secure form", "close", "close without survey", "priority urgent", "priority normal",
    "priority prioritized", "priority custom", "set", "set botContext", "goto label",
    "goto dialog", "end", "target LabelTarget", "target DialogTarget", "target NextTarget",
    "target EndTarget", "star[0]", "Conversation Builder variables", "is number", "is matching",
    "test StartLine", "test UserLine", "test UploadLine", "test ReturnsLine", "test FailsLine",
    "test RichContentLine", "test SignalLine", "test BotLine", "test ExpectLine",
}


def test_the_examples_together_use_every_construct() -> None:
    found: set[str] = set()
    for path in BOTS:
        module = parse(path.read_text(encoding="utf-8"), str(path))
        for node in _nodes(module.declarations):
            found |= _features(node)
    assert EVERY_CONSTRUCT - found == set()


@pytest.mark.parametrize("path", BOTS, ids=[p.name for p in BOTS])
def test_each_example_compiles_with_no_errors_and_no_warnings(path: Path) -> None:
    result = compile_file(str(path))
    assert result.table is not None
    assert [d.message for d in result.diagnostics] == []
