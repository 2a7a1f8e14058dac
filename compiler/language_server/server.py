"""The pygls server: each protocol feature, wired to the module that answers it.

Diagnostics are published on open at once and, after a change, as soon as the changes
already on their way have arrived: the first change of a document schedules one run,
`COALESCE_SECONDS` later, and every change that comes before that run joins it (it
compiles the text as it is when it runs). A compile blocks the loop, so the keys typed
meanwhile queue up and are all answered by the next single run: the first key of a burst
is answered without waiting for the burst to end, and the burst never queues more than
one run. A request about a
document compiles it first if its diagnostics are still pending, so an answer never
describes an older text, and a run whose text is already compiled only publishes.

Only `.bot` documents are compiled. A request about another file (a card file, which an
editor may send when the client also serves JSON) is answered from the index of an open
`.bot` document that uses it: its fields go to their `ask` / `set`, and rename there
renames them everywhere.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from botc import dsl
from botc.compiler.language_server.analysis import Analysis, analyse
from botc.compiler.language_server.completion import completions
from botc.compiler.language_server.convert import protocol_diagnostic, text_edit
from botc.compiler.language_server.hover import hover
from botc.compiler.language_server.navigation import RenameRefused, definition, references, rename
from botc.compiler.language_server.occurrences import OccurrenceIndex
from botc.compiler.language_server.outline import document_symbols, folding_ranges

COALESCE_SECONDS = 0.002


class BotLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("botc", "0.1")  # incremental document sync
        self.analyses: dict[str, Analysis] = {}
        self.last_parsed: dict[str, OccurrenceIndex] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    def current(self, uri: str) -> Analysis:
        """The analysis of the document's text as it is now."""
        text = self.workspace.get_text_document(uri).source
        known = self.analyses.get(uri)
        if known is None or known.text != text:
            known = self.refresh(uri, text)
        return known

    def is_bot(self, uri: str) -> bool:
        document = self.workspace.get_text_document(uri)
        return document.language_id == "bot" or uri.endswith(".bot")

    def located(self, uri: str) -> tuple[Analysis, Path | None] | None:
        """The analysis a request about `uri` is answered from, and the card file it is
        about (None for a `.bot` document); None for a file no open bot uses."""
        if self.is_bot(uri):
            return self.current(uri), None
        card = Path(to_fs_path(uri) or uri).resolve()
        for bot in list(self.analyses):
            analysis = self.current(bot)
            if analysis.index is not None and card in analysis.index.card_files():
                return analysis, card
        return None

    def refresh(self, uri: str, text: str) -> Analysis:
        last = self.analyses.get(uri)
        analysis = analyse(uri, text, last.pieces if last is not None else None)
        self.analyses[uri] = analysis
        if analysis.index is not None:
            self.last_parsed[uri] = analysis.index
        return analysis

    def publish(self, uri: str) -> None:
        analysis = self.current(uri)
        diagnostics = [protocol_diagnostic(d) for d in analysis.result.diagnostics]
        version = self.workspace.get_text_document(uri).version
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def publish_soon(self, uri: str) -> None:
        """Diagnostics for the document's newest text, once the changes sent with this one
        have arrived; a run already scheduled takes this change in."""
        if uri not in self.pending:
            self.pending[uri] = asyncio.get_running_loop().create_task(self._publish_soon(uri))

    async def _publish_soon(self, uri: str) -> None:
        await asyncio.sleep(COALESCE_SECONDS)
        del self.pending[uri]
        self.publish(uri)


server = BotLanguageServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BotLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    if ls.is_bot(params.text_document.uri):
        ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: BotLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    if ls.is_bot(params.text_document.uri):
        ls.publish_soon(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: BotLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    if not ls.is_bot(uri):
        return
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    ls.analyses.pop(uri, None)
    ls.last_parsed.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: BotLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """A quick fix for each diagnostic in the request that carries a replacement."""
    actions = []
    for diagnostic in params.context.diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        replacement = data.get("replacement")
        if not isinstance(replacement, dict):
            continue
        edit = text_edit(replacement)
        title = f"Replace with `{edit.new_text}`" if edit.new_text else "Delete it"
        actions.append(
            types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=True,
                edit=types.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
            )
        )
    return actions


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def go_to_definition(
    ls: BotLanguageServer, params: types.DefinitionParams
) -> list[types.Location]:
    found = ls.located(params.text_document.uri)
    return definition(found[0], params.position, found[1]) if found is not None else []


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def find_references(ls: BotLanguageServer, params: types.ReferenceParams) -> list[types.Location]:
    found = ls.located(params.text_document.uri)
    if found is None:
        return []
    analysis, card_file = found
    including = params.context.include_declaration
    return references(analysis, params.position, include_declaration=including, card_file=card_file)


@server.feature(types.TEXT_DOCUMENT_RENAME)
def rename_name(ls: BotLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit:
    found = ls.located(params.text_document.uri)
    try:
        if found is None:
            raise RenameRefused("no open .bot file uses this file")
        return rename(found[0], params.position, params.new_name, found[1])
    except RenameRefused as refusal:
        raise JsonRpcInvalidParams(str(refusal)) from refusal


@server.feature(types.TEXT_DOCUMENT_HOVER)
def show_hover(ls: BotLanguageServer, params: types.HoverParams) -> types.Hover | None:
    found = ls.located(params.text_document.uri)
    return hover(found[0], params.position, found[1]) if found is not None else None


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=[">", " ", "{", "|", "."]),
)
def complete(ls: BotLanguageServer, params: types.CompletionParams) -> types.CompletionList:
    uri = params.text_document.uri
    if not ls.is_bot(uri):
        return types.CompletionList(is_incomplete=False, items=[])
    items = completions(ls.current(uri), ls.last_parsed.get(uri), params.position)
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def outline(
    ls: BotLanguageServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol]:
    if not ls.is_bot(params.text_document.uri):
        return []
    module = ls.current(params.text_document.uri).module
    return document_symbols(module) if module is not None else []


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
def folding(ls: BotLanguageServer, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
    if not ls.is_bot(params.text_document.uri):
        return []
    module = ls.current(params.text_document.uri).module
    return folding_ranges(module) if module is not None else []


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(
    ls: BotLanguageServer, params: types.DocumentFormattingParams
) -> list[types.TextEdit] | None:
    """The whole text in the canonical layout (`botc fmt`); nothing while it does not parse."""
    if not ls.is_bot(params.text_document.uri):
        return None
    analysis = ls.current(params.text_document.uri)
    if analysis.module is None:
        return None
    formatted = dsl.format_module(analysis.module)
    if formatted == analysis.text:
        return []
    lines = analysis.lines
    end = types.Position(line=len(lines), character=0)
    whole = types.Range(start=types.Position(line=0, character=0), end=end)
    return [types.TextEdit(range=whole, new_text=formatted)]
