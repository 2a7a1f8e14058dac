"""Opening and editing documents through the language client, as an editor does."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient


async def open_document(client: LanguageClient, path: Path) -> list[types.Diagnostic]:
    """Open the file's text and wait for its first diagnostics."""
    uri = path.resolve().as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="bot", version=1, text=path.read_text(encoding="utf-8")
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


async def replace_text(
    client: LanguageClient, path: Path, old: str, new: str, version: int = 2
) -> list[types.Diagnostic]:
    """Replace the first `old` of the file's text with `new` (an incremental change),
    and wait for the diagnostics of the new text."""
    uri = path.resolve().as_uri()
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    start = position_of(text, at)
    end = position_of(text, at + len(old))
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=start, end=end), text=new
                )
            ],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


def position_of(text: str, offset: int) -> types.Position:
    before = text[:offset]
    return types.Position(line=before.count("\n"), character=offset - (before.rfind("\n") + 1))


def find(path: Path, snippet: str, within: int = 0) -> types.Position:
    """The position `within` characters into the first `snippet` of the file."""
    text = path.read_text(encoding="utf-8")
    return position_of(text, text.index(snippet) + within)


def document(path: Path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=path.resolve().as_uri())


def errors(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Error]


async def definition(client: LanguageClient, path: Path, at: types.Position) -> types.Location:
    """The one location the server gives as the definition of what is at `at`."""
    locations = await client.text_document_definition_async(
        types.DefinitionParams(text_document=document(path), position=at)
    )
    assert isinstance(locations, list)
    (location,) = locations
    return location


async def quick_fix(
    client: LanguageClient, path: Path, error: types.Diagnostic
) -> types.CodeAction:
    """The one code action the server offers for `error`, with its edit."""
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=document(path),
            range=error.range,
            context=types.CodeActionContext(diagnostics=[error]),
        )
    )
    assert actions is not None
    (action,) = actions
    assert isinstance(action, types.CodeAction) and action.edit is not None
    return action
