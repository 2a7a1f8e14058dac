"""Go to definition, find references and rename, over the occurrence index.

A field's definitions are its `ask` and `set` steps (an integration's stored field: its
`store` line); a card file's is the file itself. Rename covers labels, dialogs,
integrations, functions and fields, and refuses a new name that is not a name, is a
keyword, or is already taken by something the old name could then be confused with.
A field read in a card file is found, and renamed, there too; a position in a card file
(`card_file`) is looked up among the occurrences in that file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from lsprotocol import types

from botc.compiler.language_server.analysis import Analysis
from botc.compiler.language_server.convert import span_range
from botc.compiler.language_server.occurrences import (
    Occurrence,
    OccurrenceIndex,
    Symbol,
    SymbolKind,
)
from botc.dsl.parser import terminal_literals

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_RENAMEABLE = {"label", "dialog", "integration", "function", "field", "stored"}
# Names that live side by side in one namespace: a field and an integration's result are
# both fields of the conversation; `call` and `invoke` share their names' check.
_CLASHING: dict[str, tuple[SymbolKind, ...]] = {
    "field": ("field", "integration"),
    "integration": ("integration", "function", "field"),
    "function": ("function", "integration"),
    "dialog": ("dialog",),
}


class RenameRefused(Exception):
    """Why a rename cannot be done, in the words the editor shows."""


def occurrence_at(
    analysis: Analysis, position: types.Position, card_file: Path | None = None
) -> Occurrence | None:
    if analysis.index is None:
        return None
    return analysis.index.at(position.line + 1, position.character + 1, card_file)


def definition(
    analysis: Analysis, position: types.Position, card_file: Path | None = None
) -> list[types.Location]:
    occurrence = occurrence_at(analysis, position, card_file)
    if occurrence is None or analysis.index is None:
        return []
    if occurrence.symbol.kind == "card file":
        card = analysis.path.parent / occurrence.symbol.key
        if not card.is_file():
            return []
        top = types.Position(line=0, character=0)
        return [types.Location(uri=card.resolve().as_uri(), range=types.Range(start=top, end=top))]
    return [
        _location(analysis, declaration)
        for declaration in analysis.index.declarations(occurrence.symbol)
    ]


def references(
    analysis: Analysis,
    position: types.Position,
    *,
    include_declaration: bool,
    card_file: Path | None = None,
) -> list[types.Location]:
    occurrence = occurrence_at(analysis, position, card_file)
    if occurrence is None or analysis.index is None:
        return []
    return [
        _location(analysis, found)
        for found in analysis.index.of(occurrence.symbol)
        if include_declaration or not found.declares
    ]


def rename(
    analysis: Analysis, position: types.Position, new_name: str, card_file: Path | None = None
) -> types.WorkspaceEdit:
    """Every occurrence of the name under the cursor, renamed, in the `.bot` file and in
    its card files; raises `RenameRefused`."""
    occurrence = occurrence_at(analysis, position, card_file)
    if occurrence is None or analysis.index is None:
        raise RenameRefused("there is no label, dialog, integration, function or field here")
    symbol = occurrence.symbol
    if symbol.kind not in _RENAMEABLE:
        raise RenameRefused(f"a {symbol.kind} is renamed in the file system, not here")
    _refuse_clash(analysis.index, symbol, new_name)
    edits: dict[str, list[types.TextEdit]] = defaultdict(list)
    for found in analysis.index.of(symbol):
        edit = types.TextEdit(range=span_range(found.span), new_text=new_name)
        edits[_location(analysis, found).uri].append(edit)
    return types.WorkspaceEdit(changes=dict(edits))


def _location(analysis: Analysis, occurrence: Occurrence) -> types.Location:
    uri = analysis.uri if occurrence.file is None else occurrence.file.as_uri()
    return types.Location(uri=uri, range=span_range(occurrence.span))


def _refuse_clash(index: OccurrenceIndex, symbol: Symbol, new_name: str) -> None:
    if not _NAME.match(new_name):
        raise RenameRefused(f"`{new_name}` is not a name: use letters, digits and `_`")
    if new_name in set(terminal_literals().values()):
        raise RenameRefused(f"`{new_name}` is a keyword of the language")
    if symbol.kind == "label":
        dialog = symbol.key.split(":", 1)[0]
        taken = Symbol("label", f"{dialog}:{new_name}")
        if index.declarations(taken):
            raise RenameRefused(f"this dialog already has a label `{new_name}`")
        return
    if symbol.kind == "stored":
        integration = symbol.key.split(".", 1)[0]
        if index.declarations(Symbol("stored", f"{integration}.{new_name}")):
            raise RenameRefused(f"`{integration}` already stores a `{new_name}`")
        return
    for kind in _CLASHING[symbol.kind]:
        if new_name in index.names(kind):
            raise RenameRefused(f"there is already {_article(kind)} {kind} named `{new_name}`")


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"
