"""Every place a module names a label, dialog, integration, function, field or card file:
the one index behind go to definition, find references, rename and hover.

A `Symbol` is what a name means (`kind` and `key`: labels are keyed by their dialog's
index too, an integration's stored field by the integration's name); an `Occurrence` is
one place it is written, marked when that place declares it. Template and expression
reads are found in the text of `{{ }}` / `{% %}` blocks, Conversation Builder variables
(`{Balance.currency}`) and `when` / `set` / `store` expressions, and in the string values
of JSON payloads and of the card files a `card file` step names (found again in the
source text: the syntax tree keeps no positions inside JSON). An occurrence in a card
file carries that file's path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import attrs

from botc.compiler.language_server.json_strings import json_strings, source_of
from botc.compiler.positions import char_span_in_expression, char_span_in_string
from botc.compiler.step_kinds import targets_of
from botc.compiler.template_sites import expressions, template_payloads, template_strings
from botc.dsl.ast import (
    AskStep,
    CallStep,
    CardStep,
    DialogTarget,
    Expr,
    FailsLine,
    InvokeStep,
    LabelTarget,
    Module,
    Name,
    ReturnsLine,
    SetStep,
    Span,
    Str,
)

SymbolKind = Literal["label", "dialog", "integration", "function", "field", "stored", "card file"]


@attrs.frozen
class Symbol:
    kind: SymbolKind
    key: str  # the name; `DIALOG_INDEX:label` for a label; `INTEGRATION.field` for a stored field


@attrs.frozen
class Occurrence:
    symbol: Symbol
    span: Span  # exactly the name's characters
    declares: bool
    context: str = ""  # the statement, for hover: `ask account "..."`
    file: Path | None = None  # a card file; None: the `.bot` file itself


@attrs.frozen
class OccurrenceIndex:
    occurrences: tuple[Occurrence, ...]

    def at(self, line: int, column: int, file: Path | None = None) -> Occurrence | None:
        """The occurrence under a 1-based position (its end included: a cursor after it)
        of the `.bot` file, or of the card file `file`."""
        for occurrence in self.occurrences:
            span = occurrence.span
            if occurrence.file != file or span.line != line:
                continue
            if span.column <= column <= span.end_column:
                return occurrence
        return None

    def card_files(self) -> set[Path]:
        """The card files that have occurrences."""
        return {o.file for o in self.occurrences if o.file is not None}

    def of(self, symbol: Symbol) -> list[Occurrence]:
        return [o for o in self.occurrences if o.symbol == symbol]

    def declarations(self, symbol: Symbol) -> list[Occurrence]:
        return [o for o in self.of(symbol) if o.declares]

    def names(self, kind: SymbolKind) -> list[str]:
        """The declared names of a kind, in file order, once each."""
        found = (o.symbol.key for o in self.occurrences if o.declares and o.symbol.kind == kind)
        return list(dict.fromkeys(found))


def index_module(
    module: Module, text: str | None = None, base_dir: Path | None = None
) -> OccurrenceIndex:
    """The module's occurrences; with its `text`, those in its JSON payloads too, and with
    `base_dir` (where its card files are) those in its card files."""
    fields = _declared_fields(module)
    integrations = {integration.name.value for integration in module.integrations}
    found: list[Occurrence] = list(_declarations(module))
    found.extend(_step_references(module))
    readable = _Readable(fields, integrations)
    for string, _ in template_strings(module):
        found.extend(readable.in_string(string))
    for expression, _ in expressions(module):
        found.extend(readable.in_expression(expression))
    if text is not None:
        lines = text.split("\n")
        for payload, _ in template_payloads(module):
            start = payload.span
            for string in json_strings(source_of(lines, start), start.line, start.column):
                found.extend(readable.in_string(string))
    if base_dir is not None:
        for card in _card_files(module, base_dir):
            found.extend(_in_card_file(card, readable))
    found.sort(key=lambda o: (str(o.file or ""), o.span.line, o.span.column))
    return OccurrenceIndex(tuple(found))


def _card_files(module: Module, base_dir: Path) -> list[Path]:
    named = (
        step.file.value
        for dialog in module.dialogs
        for step in dialog.steps
        if isinstance(step, CardStep) and step.file is not None
    )
    return [base_dir / name for name in dict.fromkeys(named)]


def _in_card_file(card: Path, readable: _Readable) -> Iterator[Occurrence]:
    """The reads in a card file's string values; none when it cannot be read (the
    compiler reports that)."""
    try:
        text = card.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    path = card.resolve()
    for string in json_strings(text):
        for occurrence in readable.in_string(string):
            yield attrs.evolve(occurrence, file=path)


def _declarations(module: Module) -> Iterator[Occurrence]:
    for integration in module.integrations:
        name = integration.name.value
        yield Occurrence(
            Symbol("integration", name),
            integration.name.span,
            True,
            f"{integration.kind} {integration.method} {integration.url.raw}",
        )
        for store in integration.stores:
            yield Occurrence(
                Symbol("stored", f"{name}.{store.field.value}"),
                store.field.span,
                True,
                f"store {store.field.value} = {store.expression.source}",
            )
    for function in module.functions:
        yield Occurrence(Symbol("function", function.name.value), function.name.span, True)
    for d, dialog in enumerate(module.dialogs):
        yield Occurrence(Symbol("dialog", dialog.name.value), dialog.name.span, True)
        for step in dialog.steps:
            if step.label is not None:
                yield Occurrence(_label(d, step.label.value), step.label.span, True)
            if isinstance(step, AskStep):
                yield Occurrence(
                    Symbol("field", step.field.value),
                    step.field.span,
                    True,
                    f"ask {step.field.value} {step.question.raw}",
                )
            if isinstance(step, SetStep) and not step.bot_context:
                yield Occurrence(
                    Symbol("field", step.field.value),
                    step.field.span,
                    True,
                    f"set {step.field.value} = {step.expression.source}",
                )


def _step_references(module: Module) -> Iterator[Occurrence]:
    for d, dialog in enumerate(module.dialogs):
        for step in dialog.steps:
            for target in targets_of(step):
                if isinstance(target, LabelTarget):
                    yield Occurrence(_label(d, target.label.value), target.label.span, False)
                if isinstance(target, DialogTarget):
                    yield _named("dialog", target.dialog)
            if isinstance(step, CallStep):
                yield _named("integration", step.integration)
            if isinstance(step, InvokeStep):
                yield _named("function", step.function)
            if isinstance(step, CardStep) and step.file is not None:
                yield Occurrence(Symbol("card file", step.file.value), step.file.span, False)
    for test in module.tests:
        for line in test.lines:
            if isinstance(line, ReturnsLine | FailsLine):
                yield _named("integration", line.integration)


def _named(kind: SymbolKind, name: Name) -> Occurrence:
    return Occurrence(Symbol(kind, name.value), name.span, False)


def _label(dialog: int, name: str) -> Symbol:
    return Symbol("label", f"{dialog}:{name}")


def _declared_fields(module: Module) -> set[str]:
    names: set[str] = set()
    for dialog in module.dialogs:
        for step in dialog.steps:
            if isinstance(step, AskStep) or (isinstance(step, SetStep) and not step.bot_context):
                names.add(step.field.value)
    return names


_BLOCK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_CB_VARIABLE = re.compile(r"(?<!\{)\{([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\}(?!\})")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
# A name that is read: not an attribute (after `.`), filter (after `|`) or test (after `is`).
_READ = re.compile(r"(?<![\w.|$])(?<!is )([A-Za-z_]\w*)(?:\s*\.\s*([A-Za-z_]\w*))?")


@attrs.frozen
class _Readable:
    """Finds reads of the declared fields and integrations in template text."""

    fields: set[str]
    integrations: set[str]

    def in_string(self, string: Str) -> Iterator[Occurrence]:
        text = string.value
        regions = [(m.start(), m.group(0)) for m in _BLOCK.finditer(text)]
        regions += [(m.start(1), m.group(1)) for m in _CB_VARIABLE.finditer(text)]
        for start, region in regions:
            for offset, length, symbol in self._reads(region):
                span = char_span_in_string(string, start + offset, length)
                yield Occurrence(symbol, span, False)

    def in_expression(self, expression: Expr) -> Iterator[Occurrence]:
        for offset, length, symbol in self._reads(expression.source):
            yield Occurrence(symbol, char_span_in_expression(expression, offset, length), False)

    def _reads(self, text: str) -> Iterator[tuple[int, int, Symbol]]:
        blanked = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
        for match in _READ.finditer(blanked):
            name, attribute = match.group(1), match.group(2)
            if name in self.integrations:
                yield match.start(1), len(name), Symbol("integration", name)
                if attribute is not None:
                    symbol = Symbol("stored", f"{name}.{attribute}")
                    yield match.start(2), len(attribute), symbol
            elif name in self.fields:
                yield match.start(1), len(name), Symbol("field", name)
