"""Hover: what a keyword or step does (one line, and an example: the form the syntax
errors' hints show, `dsl.error_wording.HINTS`), where a field is set, what an
integration calls."""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types

from botc.compiler.language_server.analysis import Analysis
from botc.compiler.language_server.convert import span_range
from botc.compiler.language_server.navigation import occurrence_at
from botc.compiler.language_server.occurrences import Occurrence
from botc.dsl.error_wording import HINTS

# One line per keyword: what it does. The example comes from HINTS.
KEYWORDS = {
    "bot": "The bot's settings: its name, default response and escalation attempts.",
    "integration": "An HTTP call the bot can make (`api`) or a file it can upload to (`file`).",
    "api": "The method and URL of an integration's HTTP call; the URL is a template.",
    "file": "The method and URL an `upload` sends the consumer's file to.",
    "header": "An HTTP header sent with every call of the integration.",
    "timeout": "How long a call may take before it counts as a failure.",
    "store": "Keeps a value of the response as `INTEGRATION.NAME` for later steps.",
    "function": "A LivePerson FaaS function the bot can `invoke`.",
    "dialog": "A conversation path: its triggers, then its steps, run in order.",
    "user": "`user says`: the patterns (with `*` and `(a|b)`) that start this dialog.",
    "on": "A trigger (`on start`, `on fallback`...) or a call's outcome branch.",
    "intent": "The intent the dialog's patterns stand for, reported with its confidence.",
    "say": "Sends a text message (a template) to the consumer.",
    "card": "Sends structured content (json-pollock), inline or from a card file.",
    "pause": "Waits before the next message, showing typing unless told not to.",
    "ask": "Asks a question and waits; the answer is kept in the field named.",
    "call": "Calls an integration; branches choose where to go on its outcome.",
    "upload": "Asks the consumer for a file and sends it to a `file` integration.",
    "escalate": "Transfers the conversation to an agent skill.",
    "invoke": "Runs a FaaS function with a JSON payload.",
    "signal": "Sends a signal event with a JSON payload.",
    "secure": "Sends a secure form for the consumer to fill in.",
    "close": "Closes the conversation.",
    "priority": "Sets the conversation's time-to-respond priority.",
    "set": "Gives a field (or a `botContext` value) the value of an expression.",
    "goto": "Jumps to a label of this dialog, or starts another dialog.",
    "end": "Ends the dialog; the bot waits for the next message.",
    "when": "A branch taken when its expression is true.",
    "otherwise": "The branch an `ask` takes when no `when` matches.",
    "test": "A scripted conversation that `botc test` runs against the bot.",
    "start": "In a test: the conversation starts (optionally transferred with a message).",
    "expect": "In a test: an action the bot must have taken by now.",
    "quick": "Buttons offered under a message; each sends its title.",
    "metadata": "Message metadata (a JSON array) sent with the message.",
}

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXAMPLE = re.compile(r"`([^`]+)`")


def hover(
    analysis: Analysis, position: types.Position, card_file: Path | None = None
) -> types.Hover | None:
    """What is under the cursor in the `.bot` file, or in one of its card files."""
    occurrence = occurrence_at(analysis, position, card_file)
    if occurrence is not None:
        text = _symbol_text(analysis, occurrence)
        if text:
            return _markdown(text, span_range(occurrence.span))
    return _keyword_hover(analysis, position) if card_file is None else None


def _keyword_hover(analysis: Analysis, position: types.Position) -> types.Hover | None:
    lines = analysis.lines
    if position.line >= len(lines):
        return None
    line = lines[position.line]
    for match in _WORD.finditer(line):
        if match.start() <= position.character <= match.end() and match.group(0) in KEYWORDS:
            if '"' in line[: match.start()] and line[: match.start()].count('"') % 2:
                return None  # inside a quoted text
            word = match.group(0)
            example = _EXAMPLE.search(HINTS.get(word, ""))
            text = f"**{word}** — {KEYWORDS[word]}"
            if example:
                text += f"\n\n```bot\n{example.group(1)}\n```"
            start = types.Position(line=position.line, character=match.start())
            end = types.Position(line=position.line, character=match.end())
            return _markdown(text, types.Range(start=start, end=end))
    return None


def _symbol_text(analysis: Analysis, occurrence: Occurrence) -> str | None:
    assert analysis.index is not None
    symbol = occurrence.symbol
    declarations = analysis.index.declarations(symbol)
    name = symbol.key.split(":", 1)[-1]
    if symbol.kind in ("field", "stored"):
        if not declarations:
            return f"field `{name}`: never set in this file"
        places = "\n".join(f"- line {d.span.line}: `{d.context}`" for d in declarations)
        return f"field `{name}`, set by:\n{places}"
    if symbol.kind == "integration" and declarations:
        return f"integration `{name}`: `{declarations[0].context}`"
    if symbol.kind in ("label", "dialog", "function") and declarations:
        where = declarations[0].span.line
        return f"{symbol.kind} `{name}`, line {where}"
    return None


def _markdown(text: str, where: types.Range) -> types.Hover:
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=where
    )
