"""Lowering a checked module to the table (docs/TABLE.md, `botc-table/1`).

Takes a `Module` that passed the checks and returns the table as plain JSON data, with
the seed defaults of `runtime.defaults` filled in so the table is self-contained.
Steps and tests are lowered by `lower_steps` and `lower_tests`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from botc.compiler.json_leaves import string_leaves
from botc.compiler.lower_steps import lower_dialog_steps
from botc.compiler.lower_tests import lower_test
from botc.compiler.module_steps import ModuleSteps, module_steps
from botc.compiler.patterns import Item, ParsedPattern, checked_pattern, is_regex
from botc.compiler.secret_reads import declared_secrets
from botc.compiler.symbols import Symbols, resolve_names
from botc.compiler.templates import translate_json, translate_template
from botc.dsl.ast import BotSettings, Dialog, Function, Integration, Module, OnEvent, UserSays
from botc.runtime import defaults
from botc.runtime.normalize import normalize

TABLE_FORMAT = "botc-table/1"

_EVENT_KEYS = {
    "start": "start",
    "fallback": "fallback",
    "rich content": "rich_content",
    "signal": "signal",
}


def lower_module(
    module: Module,
    *,
    base_dir: Path,
    step_parts: ModuleSteps | None = None,
    symbols: Symbols | None = None,
) -> dict[str, Any]:
    """The table of a module that has no errors (`base_dir` is where card files are;
    `step_parts` and `symbols`: what its steps hold and its names, if already worked out)."""
    symbols = resolve_names(module) if symbols is None else symbols
    parts = step_parts
    if parts is None or parts.module is not module:
        parts = module_steps(module)
    dialogs = module.dialogs
    steps: list[dict[str, Any]] = []
    entries: list[int | None] = []
    first_ids = []
    next_id = 0
    for dialog in dialogs:
        first_ids.append(next_id)
        next_id += len(dialog.steps)
    for index, dialog in enumerate(dialogs):
        entries.append(first_ids[index] if dialog.steps else None)
    for index, dialog in enumerate(dialogs):
        steps.extend(
            lower_dialog_steps(
                dialog,
                index,
                first_id=first_ids[index],
                symbols=symbols,
                base_dir=base_dir,
                step_parts=parts,
            )
        )
    return {
        "format": TABLE_FORMAT,
        "source": module.filename,
        "bot": lower_bot(module.bot),
        "integrations": {
            i.name.value: lower_integration(i) for i in _first_of(module.integrations)
        },
        "functions": {f.name.value: lower_function(f) for f in _first_of(module.functions)},
        "dialogs": [lower_dialog(d, entries[i]) for i, d in enumerate(dialogs)],
        "triggers": lower_triggers(dialogs),
        "steps": steps,
        "tests": [lower_test(test) for test in module.tests],
    }


def lower_bot(bot: BotSettings | None) -> dict[str, Any]:
    """The `bot` object: settings as written, and every seed text resolved."""
    default = bot.default_response.value if bot and bot.default_response else None
    attempts = bot.escalation_attempts if bot and bot.escalation_attempts is not None else None
    return {
        "name": bot.name.value if bot else None,
        "default_response": default,
        "escalation_attempts": attempts if attempts is not None else defaults.ESCALATION_ATTEMPTS,
        "texts": {
            "error": default if default is not None else defaults.ERROR_TEXT,
            "integration_failure": (
                default if default is not None else defaults.INTEGRATION_FAILURE_TEXT
            ),
            "escalation_stopped": (
                default if default is not None else defaults.ESCALATION_STOPPED_TEXT
            ),
            "not_understood": defaults.NOT_UNDERSTOOD_TEXT,
        },
    }


def lower_integration(integration: Integration) -> dict[str, Any]:
    """One entry of `integrations`."""
    timeout = integration.timeout
    url = translate_template(integration.url.value)
    headers = [
        {"name": header.name.value, "value": translate_template(header.value.value)}
        for header in integration.headers
    ]
    body = translate_json(integration.body.value) if integration.body else None
    leaves = [leaf for _, leaf in string_leaves(body)]
    templates = [url, *(header["value"] for header in headers), *leaves]
    return {
        "kind": integration.kind,
        "method": integration.method,
        "url": url,
        "headers": headers,
        "body": body,
        "timeout_ms": timeout.milliseconds if timeout else defaults.INTEGRATION_TIMEOUT_MS,
        "follow_redirects": integration.follow_redirects is not None,
        "secrets": declared_secrets(templates),
        "stores": [
            {"field": store.field.value, "expression": store.expression.source,
             "line": store.span.line}
            for store in integration.stores
        ],
        "line": integration.span.line,
    }


def lower_function(function: Function) -> dict[str, Any]:
    """One entry of `functions`."""
    return {"lambda_uuid": function.lambda_uuid.value, "line": function.span.line}


def lower_dialog(dialog: Dialog, entry: int | None) -> dict[str, Any]:
    """One entry of `dialogs`."""
    intent = dialog.intent
    return {
        "name": dialog.name.value,
        "entry": entry,
        "intent": None if intent is None else {
            "id": intent.id.value,
            "description": intent.description.value,
            "confidence": 1.0 if intent.confidence is None else float(intent.confidence),
        },
        "line": dialog.span.line,
    }


def lower_triggers(dialogs: tuple[Dialog, ...]) -> dict[str, Any]:
    """The `triggers` object: every `user says` pattern in file order, and event dialogs."""
    patterns: list[dict[str, Any]] = []
    events: dict[str, int | None] = dict.fromkeys(_EVENT_KEYS.values())
    for index, dialog in enumerate(dialogs):
        for trigger in dialog.triggers:
            if isinstance(trigger, OnEvent):
                key = _EVENT_KEYS[trigger.event]
                if events[key] is None:
                    events[key] = index
                continue
            assert isinstance(trigger, UserSays)
            excludes = [normalize(word.value) for word in trigger.excludes]
            for pattern in trigger.patterns:
                patterns.append(_lower_pattern(pattern.value, index, excludes, len(patterns),
                                               pattern.span.line))
    return {"patterns": patterns, **events}


def _lower_pattern(
    source: str, dialog: int, excludes: list[str], order: int, line: int
) -> dict[str, Any]:
    parsed = _parsed(source)
    return {
        "dialog": dialog,
        "source": source,
        "pattern": None if parsed.items is None else _copied(parsed.items),
        "regex": parsed.regex,
        "excludes": excludes,
        "exact": parsed.exact,
        "literal": parsed.literal,
        "order": order,
        "line": line,
    }


@functools.lru_cache(maxsize=1 << 16)
def _parsed(source: str) -> ParsedPattern:
    """The parse of the pattern written `source` that the checks made (a regex as written,
    other patterns normalized); its items are copied into the table."""
    stripped = source.strip()
    return checked_pattern(stripped if is_regex(stripped) else normalize(source))


def _copied(items: Sequence[Item]) -> list[Item]:
    """Fresh item objects for the table (the parsed pattern is shared by every reader)."""
    copies: list[Item] = []
    for item in items:
        if "choice" in item:
            copies.append({"choice": [_copied(alternative) for alternative in item["choice"]]})
        elif "optional" in item:
            copies.append({"optional": _copied(item["optional"])})
        else:
            copies.append(dict(item))
    return copies


def _first_of(declarations: tuple[Any, ...]) -> list[Any]:
    """Declarations whose name was not declared before (duplicates are errors anyway)."""
    seen: set[str] = set()
    kept = []
    for declaration in declarations:
        if declaration.name.value not in seen:
            seen.add(declaration.name.value)
            kept.append(declaration)
    return kept
