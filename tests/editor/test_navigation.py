"""`botc lsp` end to end, the rest of issue 13 item 1: the `->` quick fix, definitions of
dialogs, stored fields and `set` fields, rename of labels, dialogs and integrations (and
the clashes refused), completion after `->`, and a burst of changes. Each test starts the
real server on a copy of examples/balance.bot, edits it and checks the answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from tests.editor.documents import (
    definition,
    document,
    errors,
    find,
    open_document,
    position_of,
    quick_fix,
    replace_text,
)


def _places(text: str, snippet: str, within: int = 0) -> set[tuple[int, int]]:
    """The (line, character) `within` characters into every `snippet` of `text` outside
    comments."""
    found, at = set(), text.find(snippet)
    lines = text.split("\n")
    while at >= 0:
        position = position_of(text, at + within)
        if not lines[position.line].startswith("#"):
            found.add((position.line, position.character))
        at = text.find(snippet, at + 1)
    return found


async def _renamed(
    client: LanguageClient, path: Path, at: types.Position, new_name: str
) -> set[tuple[int, int]]:
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=document(path), position=at, new_name=new_name)
    )
    assert edit is not None and edit.changes is not None
    edits = edit.changes[document(path).uri]
    assert {e.new_text for e in edits} == {new_name}
    return {(e.range.start.line, e.range.start.character) for e in edits}


async def _definition(client: LanguageClient, path: Path, at: types.Position) -> types.Position:
    location = await definition(client, path, at)
    return location.range.start


@pytest.mark.asyncio
async def test_the_quick_fix_of_a_colon_branch_writes_an_arrow(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    diagnostics = await replace_text(client, balance, "on success -> next", "on success: next")
    (error,) = errors(diagnostics)
    assert "follows `->`, not `:`" in error.message
    action = await quick_fix(client, balance, error)
    (edit,) = action.edit.changes[document(balance).uri]  # type: ignore[index]
    assert edit.new_text == " ->" and edit.range.start == find(balance, ": next")
    fixed = await replace_text(client, balance, "on success: next", "on success -> next", 3)
    assert errors(fixed) == []


@pytest.mark.asyncio
async def test_go_to_definition_takes_goto_dialog_to_the_dialog(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "escalation attempts 3", "escalation attempts 2")
    at = find(balance, "goto dialog agent", within=13)
    location = await definition(client, balance, at)
    assert location.range.start == find(balance, "\ndialog agent\n", 8)


@pytest.mark.asyncio
async def test_go_to_definition_takes_an_integration_result_to_its_store_line(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "timeout 5s", "timeout 4s")
    at = find(balance, "{{ Balance.balance }} {Balance", within=12)
    assert (await definition(client, balance, at)).range.start == find(balance, "store balance", 6)


@pytest.mark.asyncio
async def test_go_to_definition_takes_a_field_to_its_set(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    sorry = '    sorry: say "I couldn\'t reach the bank right now."\n'
    noted = '    sorry: set reason = "unreachable"\n    say "Sorry: {{ reason }}."\n'
    await replace_text(client, balance, sorry, noted)
    at = find(balance, "{{ reason }}", within=4)
    assert (await definition(client, balance, at)).range.start == find(balance, "reason = ")


@pytest.mark.asyncio
async def test_renaming_a_label_renames_its_branches_and_gotos(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "    goto dialog balance\n", "    goto lookup\n")
    renamed = await _renamed(client, balance, find(balance, "lookup: call"), "fetch")
    text = balance.read_text(encoding="utf-8")
    expected = _places(text, "lookup: call") | _places(text, "-> lookup", 3)
    expected |= _places(text, "goto lookup", 5)
    assert renamed == expected and len(renamed) == 3


@pytest.mark.asyncio
async def test_renaming_a_dialog_renames_its_goto_dialogs(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "escalation attempts 3", "escalation attempts 2")
    renamed = await _renamed(client, balance, find(balance, "\ndialog agent\n", 8), "human")
    text = balance.read_text(encoding="utf-8")
    expected = _places(text, "\ndialog agent\n", 8) | _places(text, "goto dialog agent\n", 12)
    assert renamed == expected and len(renamed) == 2


@pytest.mark.asyncio
async def test_renaming_an_integration_renames_calls_templates_and_test_lines(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "timeout 5s", "timeout 4s")
    renamed = await _renamed(client, balance, find(balance, "call Balance", 5), "Bank")
    text = balance.read_text(encoding="utf-8")
    expected = (
        _places(text, "integration Balance", 12)
        | _places(text, "call Balance", 5)
        | _places(text, "Balance.")
        | _places(text, "    Balance returns", 4)
        | _places(text, "    Balance fails", 4)
    )
    assert renamed == expected
    assert _places(text, "    Balance fails", 4) and _places(text, "    Balance returns", 4)


@pytest.mark.asyncio
async def test_a_rename_onto_a_taken_dialog_is_refused(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "escalation attempts 3", "escalation attempts 2")
    with pytest.raises(JsonRpcException, match="already a dialog named `welcome`"):
        await _renamed(client, balance, find(balance, "\ndialog agent\n", 8), "welcome")


@pytest.mark.asyncio
async def test_a_rename_of_a_field_onto_an_integration_is_refused(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "escalation attempts 3", "escalation attempts 2")
    with pytest.raises(JsonRpcException, match="already an integration named `Balance`"):
        await _renamed(client, balance, find(balance, "ask account", 5), "Balance")


@pytest.mark.asyncio
async def test_completion_after_an_arrow_offers_the_dialogs_labels(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "on failure -> sorry", "on failure -> ")
    answer = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=document(balance), position=find(balance, "on failure -> ", 14)
        )
    )
    assert isinstance(answer, types.CompletionList)
    labels = {item.label for item in answer.items}
    assert {"lookup", "bad_number", "show", "overdrawn", "sorry"} <= labels


@pytest.mark.asyncio
async def test_a_burst_of_changes_is_answered_with_the_diagnostics_of_its_last_text(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    uri = document(balance).uri
    at = find(balance, "-> lookup", within=3)
    for version, letters in enumerate(["l", "lo", "loo", "look", "lookp"], start=2):
        whole = types.Range(start=at, end=types.Position(at.line, at.character + 6))
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=whole, text=letters.ljust(6))
                ],
            )
        )
    while True:
        published = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if published.version == 6:
            break
    (error,) = errors(published.diagnostics)
    assert error.message.startswith("no label `lookp` in dialog `balance`")
