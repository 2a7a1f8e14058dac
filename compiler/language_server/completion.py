"""Completion in context, read off the line before the cursor and the block it sits in.

After `->` or `goto`: the dialog's labels (and `dialog`, `next`, `end`); after `dialog`
there: dialog names; after `call`: integrations; after `invoke`: functions; inside
`{{ }}`: fields and integrations (after `INTEGRATION.`: what it stores; after `|`: the
filters the checks know); at the start of a line: the words that may start a line of
that block, as the grammar's parser says (`expected_words`; a test's lines also take
`NAME returns` / `NAME fails`). Names come from the last version of the document that
parsed, so completion keeps working while a line is half written.
"""

from __future__ import annotations

import re

from lsprotocol import types

from botc.compiler.checks.template_names import KNOWN_FILTERS
from botc.compiler.language_server.analysis import Analysis
from botc.compiler.language_server.expected_words import expected_keywords
from botc.compiler.language_server.occurrences import OccurrenceIndex, SymbolKind
from botc.dsl.step_keywords import STEP_WORDS

_DECLARATION_WORDS = ("bot", "integration", "function", "dialog", "test")
_TRIGGER_LINES = ("user says", "on start", "on fallback", "on rich content", "on signal", "intent")
_UNDER_STEP = ("when", "otherwise ->", "on success ->", "on failure ->", "quick replies")
_BLOCK_LINES = {
    "integration": ("api", "file", "header", "body", "timeout", "store"),
    "bot": ("default response", "escalation attempts"),
    "test": ("start", "user", "upload", "rich content", "signal", "bot", "agents", "expect"),
}
_STEP_PHRASES = {"secure": "secure form", "goto": "goto", "escalate": "escalate to skill"}

_HEADER = re.compile(r"(bot|integration|function|dialog|test)\b\s*([A-Za-z_]\w*)?")


def completions(
    analysis: Analysis, names: OccurrenceIndex | None, position: types.Position
) -> list[types.CompletionItem]:
    """`names`: the index of the last version of the document that parsed."""
    lines = analysis.lines
    line = lines[position.line] if position.line < len(lines) else ""
    before = line[: position.character]
    if names is None:
        names = analysis.index
    declared = names.names if names is not None else _nothing_declared
    template = _open_template(before)
    if template is not None:
        return _template_items(template, names)
    if re.search(r"(->|\bgoto)\s+dialog\s+\w*$", before):
        return _items(declared("dialog"), types.CompletionItemKind.Module)
    if re.search(r"(->|\bgoto)\s*\w*$", before):
        dialog = _enclosing(lines, position.line)
        labels = _labels(names, dialog)
        words = ["dialog", "next", "end"] if "->" in before else ["dialog"]
        return _items(labels, types.CompletionItemKind.Reference) + _keywords(words)
    if re.search(r"\bcall\s+\w*$", before):
        return _items(declared("integration"), types.CompletionItemKind.Interface)
    if re.search(r"\binvoke\s+\w*$", before):
        return _items(declared("function"), types.CompletionItemKind.Function)
    if re.fullmatch(r"\s*\w*", before):
        indent = len(before) - len(before.lstrip())
        return _line_starts(lines, position.line, indent, declared("integration"))
    return []


def _nothing_declared(kind: SymbolKind) -> list[str]:
    return []


def _open_template(before: str) -> str | None:
    """The text after the last `{{` not yet closed by `}}`, or None."""
    start = before.rfind("{{")
    if start < 0 or "}}" in before[start:]:
        return None
    return before[start + 2 :]


def _template_items(inside: str, names: OccurrenceIndex | None) -> list[types.CompletionItem]:
    if re.search(r"\|\s*\w*$", inside):
        return _items(sorted(KNOWN_FILTERS), types.CompletionItemKind.Function)
    if names is None:
        return []
    attribute = re.search(r"([A-Za-z_]\w*)\.\w*$", inside)
    if attribute is not None:
        prefix = attribute.group(1) + "."
        stored = [key[len(prefix) :] for key in names.names("stored") if key.startswith(prefix)]
        return _items(stored, types.CompletionItemKind.Field)
    fields = _items(names.names("field"), types.CompletionItemKind.Variable)
    return fields + _items(names.names("integration"), types.CompletionItemKind.Interface)


def _line_starts(
    lines: list[str], line: int, indent: int, integrations: list[str]
) -> list[types.CompletionItem]:
    """The keywords the grammar takes at the start of this line, and in a test the
    integrations' `returns` / `fails` lines."""
    keywords = expected_keywords(lines, line, indent)
    if keywords is None:  # the text above does not parse yet: guess by the block
        keywords = _guessed_line_starts(lines, line, indent)
    items = _keywords(keywords)
    if indent and _header(lines, line)[0] == "test":
        returns = [f"{name} returns" for name in integrations]
        returns += [f"{name} fails" for name in integrations]
        items += _items(returns, types.CompletionItemKind.Interface)
    return items


def _guessed_line_starts(lines: list[str], line: int, indent: int) -> list[str]:
    if indent == 0:
        return list(_DECLARATION_WORDS)
    header, _ = _header(lines, line)
    if header == "dialog":
        if indent > _first_indent(lines, line):
            return list(_UNDER_STEP)
        steps = sorted(_STEP_PHRASES.get(word, word) for word in STEP_WORDS)
        return steps + list(_TRIGGER_LINES)
    return list(_BLOCK_LINES.get(header, ()))


def _header(lines: list[str], line: int) -> tuple[str, str]:
    """The declaration keyword and name the line belongs to ("" when none)."""
    for number in range(line, -1, -1):
        text = lines[number] if number < len(lines) else ""
        if text[:1].strip() and not text.startswith("#"):
            found = _HEADER.match(text)
            return (found.group(1), found.group(2) or "") if found else ("", "")
    return "", ""


def _enclosing(lines: list[str], line: int) -> str:
    keyword, name = _header(lines, line)
    return name if keyword == "dialog" else ""


def _first_indent(lines: list[str], line: int) -> int:
    """The indentation of the block's first line: where its steps start."""
    for number in range(line, -1, -1):
        text = lines[number] if number < len(lines) else ""
        if text[:1].strip() and not text.startswith("#"):
            for below in lines[number + 1 :]:
                if below.strip() and not below.lstrip().startswith("#"):
                    return len(below) - len(below.lstrip())
            break
    return 4


def _labels(names: OccurrenceIndex | None, dialog: str) -> list[str]:
    if names is None:
        return []
    dialogs = names.names("dialog")
    if dialog not in dialogs:
        return []
    prefix = f"{dialogs.index(dialog)}:"
    return [key[len(prefix) :] for key in names.names("label") if key.startswith(prefix)]


def _items(labels: list[str], kind: types.CompletionItemKind) -> list[types.CompletionItem]:
    return [types.CompletionItem(label=label, kind=kind) for label in labels]


def _keywords(words: list[str] | tuple[str, ...]) -> list[types.CompletionItem]:
    return _items(list(words), types.CompletionItemKind.Keyword)
