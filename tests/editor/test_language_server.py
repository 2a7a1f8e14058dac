"""`botc lsp` end to end: each test starts the real server process, opens a copy of
examples/balance.bot, edits it as an editor would, and checks the server's answer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from tests.editor.conftest import EXAMPLES
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


@pytest.mark.asyncio
async def test_a_clean_example_opens_without_errors(client: LanguageClient, balance: Path) -> None:
    assert errors(await open_document(client, balance)) == []


@pytest.mark.asyncio
async def test_a_broken_label_is_reported_with_its_hint(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    diagnostics = await replace_text(client, balance, "-> lookup", "-> lookp")
    (error,) = errors(diagnostics)
    assert error.message == "no label `lookp` in dialog `balance`\nhint: did you mean `lookup`?"
    assert error.range.start == find(balance, "-> lookp", within=3)
    assert error.source == "botc"


@pytest.mark.asyncio
async def test_the_quick_fix_of_a_broken_label_restores_it(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    diagnostics = await replace_text(client, balance, "-> lookup", "-> lookp")
    (error,) = errors(diagnostics)
    action = await quick_fix(client, balance, error)
    assert action.kind == types.CodeActionKind.QuickFix
    (edit,) = action.edit.changes[balance.resolve().as_uri()]  # type: ignore[index]
    assert (edit.range, edit.new_text) == (error.range, "lookup")
    assert errors(await replace_text(client, balance, "lookp", "lookup", version=3)) == []


@pytest.mark.asyncio
async def test_a_slash_comment_gets_a_quick_fix_to_a_hash(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    diagnostics = await replace_text(client, balance, "    end\n", "    // done\n    end\n")
    (error,) = errors(diagnostics)
    assert "comments start with `#`" in error.message
    action = await quick_fix(client, balance, error)
    (edit,) = action.edit.changes[balance.resolve().as_uri()]  # type: ignore[index]
    start = find(balance, "// done")
    assert edit.new_text == "#"
    assert (edit.range.start, edit.range.end.character) == (start, start.character + 2)


@pytest.mark.asyncio
async def test_go_to_definition_jumps_from_a_goto_to_its_label(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "    goto dialog balance\n", "    goto lookup\n")
    location = await definition(client, balance, find(balance, "goto lookup", within=6))
    assert location.range.start == find(balance, "lookup: call")


@pytest.mark.asyncio
async def test_go_to_definition_takes_a_template_field_to_its_ask(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, 'say "That doesn', 'say "{{ account }} doesn')
    location = await definition(client, balance, find(balance, '"{{ account }} doesn', 5))
    assert location.range.start == find(balance, "account \"What is")


@pytest.mark.asyncio
async def test_references_of_an_integration_include_its_test_lines(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    twice = "    Balance fails\n    Balance fails\n"
    await replace_text(client, balance, "    Balance fails\n", twice)
    locations = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=document(balance),
            position=find(balance, "integration Balance", within=13),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert locations is not None
    text = balance.read_text(encoding="utf-8")
    lines = {location.range.start.line for location in locations}
    fails = {position_of(text, i).line for i in _all(text, "    Balance fails")}
    assert len(fails) == 2 and fails <= lines
    assert find(balance, "call Balance", within=5).line in lines


def _all(text: str, snippet: str) -> list[int]:
    found, at = [], text.find(snippet)
    while at >= 0:
        found.append(at)
        at = text.find(snippet, at + 1)
    return found


@pytest.mark.asyncio
async def test_renaming_a_field_renames_its_ask_and_every_template(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, 'say "That doesn', 'say "{{ account }} doesn')
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=document(balance),
            position=find(balance, "ask account", within=5),
            new_name="number",
        )
    )
    assert edit is not None and edit.changes is not None
    edits = edit.changes[balance.resolve().as_uri()]
    text = balance.read_text(encoding="utf-8")
    renamed = {(e.range.start.line, e.range.start.character) for e in edits}
    expected = {
        (position_of(text, i).line, position_of(text, i).character)
        for i in _all(text, "account")
        if text[i - 4 : i] == "ask " or text[i - 3 : i] == "{{ "
    }
    assert {e.new_text for e in edits} == {"number"}
    assert renamed == expected and len(renamed) == 3  # the ask, the url, the say


@pytest.mark.asyncio
async def test_a_rename_onto_a_taken_label_is_refused(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "    end\n", "    end\n    finish: end\n")
    with pytest.raises(JsonRpcException, match="already has a label `show`"):
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=document(balance),
                position=find(balance, "finish: end"),
                new_name="show",
            )
        )


@pytest.mark.asyncio
async def test_hover_on_a_step_keyword_says_what_it_does(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "    end\n", "    pause 2s\n    end\n")
    answer = await client.text_document_hover_async(
        types.HoverParams(text_document=document(balance), position=find(balance, "pause 2s", 1))
    )
    assert answer is not None and isinstance(answer.contents, types.MarkupContent)
    assert answer.contents.value.startswith("**pause** — Waits before the next message")
    assert "pause 4s" in answer.contents.value  # the example


@pytest.mark.asyncio
async def test_hover_on_an_integration_shows_its_method_and_url(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "timeout 5s", "timeout 3s")
    answer = await client.text_document_hover_async(
        types.HoverParams(
            text_document=document(balance), position=find(balance, "call Balance", within=6)
        )
    )
    assert answer is not None and isinstance(answer.contents, types.MarkupContent)
    url = '"http://127.0.0.1:8080/accounts/{{ account }}/balance"'
    assert f"api GET {url}" in answer.contents.value


@pytest.mark.asyncio
async def test_hover_on_a_field_says_where_it_is_set(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, 'say "That doesn', 'say "{{ account }} doesn')
    answer = await client.text_document_hover_async(
        types.HoverParams(
            text_document=document(balance), position=find(balance, "{{ account }} doesn", 4)
        )
    )
    assert answer is not None and isinstance(answer.contents, types.MarkupContent)
    line = find(balance, "ask account").line + 1
    assert f"line {line}: `ask account \"What is your six-digit" in answer.contents.value


async def _complete(client: LanguageClient, path: Path, at: types.Position) -> list[str]:
    answer = await client.text_document_completion_async(
        types.CompletionParams(text_document=document(path), position=at)
    )
    assert isinstance(answer, types.CompletionList)
    return [item.label for item in answer.items]


@pytest.mark.asyncio
async def test_completion_after_goto_offers_the_dialogs_labels(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "    goto dialog balance\n", "    goto \n")
    labels = await _complete(client, balance, find(balance, "goto \n", within=5))
    assert {"lookup", "bad_number", "show", "overdrawn", "sorry", "dialog"} <= set(labels)


@pytest.mark.asyncio
async def test_completion_after_goto_dialog_offers_the_dialogs(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "    goto dialog agent\n", "    goto dialog \n")
    names = await _complete(client, balance, find(balance, "goto dialog \n", within=12))
    assert names == ["welcome", "balance", "agent", "agent_failed", "fallback"]


@pytest.mark.asyncio
async def test_completion_after_call_offers_the_integrations(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "lookup: call Balance", "lookup: call ")
    assert await _complete(client, balance, find(balance, "call \n", within=5)) == ["Balance"]


@pytest.mark.asyncio
async def test_completion_in_a_template_offers_fields_and_filters(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, 'say "That doesn', 'say "{{ ')
    at = find(balance, 'say "{{ ', within=8)
    assert {"account", "Balance"} <= set(await _complete(client, balance, at))
    await replace_text(client, balance, 'say "{{ ', 'say "{{ account | ', version=3)
    at = find(balance, 'say "{{ account | ', within=18)
    assert {"upper", "default", "round"} <= set(await _complete(client, balance, at))


@pytest.mark.asyncio
async def test_completion_in_a_test_offers_test_lines_and_integration_returns(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "    Balance fails\n", "    \n")
    labels = await _complete(client, balance, find(balance, "    \n    bot \"I couldn't", 4))
    assert {"user", "bot", "expect nothing", "Balance returns", "Balance fails"} <= set(labels)


@pytest.mark.asyncio
async def test_completion_at_the_start_of_a_step_offers_the_steps(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "    end\n", "    \n")
    labels = await _complete(client, balance, find(balance, "    \n    overdrawn", 4))
    assert {"say", "ask", "call", "goto", "end", "secure form", "escalate to skill"} <= set(labels)
    assert "dialog" not in labels
    assert "user says" not in labels  # triggers come before the first step


@pytest.mark.asyncio
async def test_completion_under_an_ask_offers_its_branches_only(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "        otherwise -> bad_number\n", "        \n")
    labels = await _complete(client, balance, find(balance, "        \n    bad_number", 8))
    assert labels == ["otherwise", "quick replies", "when"]


@pytest.mark.asyncio
async def test_completion_before_the_first_step_offers_the_triggers_too(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "    on fallback\n", "    \n")
    labels = await _complete(client, balance, find(balance, "    \n    say \"Sorry, I didn't", 4))
    assert {"on start", "on fallback", "on rich content", "user says", "say"} <= set(labels)


@pytest.mark.asyncio
async def test_document_symbols_outline_dialogs_integrations_and_tests(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "dialog agent_failed", "dialog failed_transfer")
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=document(balance))
    )
    assert symbols is not None
    names = [symbol.name for symbol in symbols]
    assert names[:7] == [
        "Acme Bank", "Balance", "welcome", "balance", "agent", "failed_transfer", "fallback"
    ]
    assert "balance, happy path" in names
    (dialog,) = [s for s in symbols if s.name == "balance"]
    assert isinstance(dialog, types.DocumentSymbol) and dialog.children is not None
    assert [child.name for child in dialog.children] == [
        "bad_number", "lookup", "show", "overdrawn", "sorry"
    ]


@pytest.mark.asyncio
async def test_formatting_returns_the_canonical_layout(
    client: LanguageClient, balance: Path
) -> None:
    canonical = balance.read_text(encoding="utf-8")
    await open_document(client, balance)
    await replace_text(client, balance, "    timeout 5s", "    timeout   5s")
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=document(balance),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert edits is not None
    (edit,) = edits
    assert edit.new_text == canonical
    assert edit.range.start == types.Position(line=0, character=0)


@pytest.mark.asyncio
async def test_folding_ranges_cover_each_dialog_and_each_step_with_branches(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    await replace_text(client, balance, "    end\n", "    end\n\n")
    ranges = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=document(balance))
    )
    assert ranges is not None
    starts = {(r.start_line, r.end_line) for r in ranges}
    dialog = find(balance, "dialog balance").line
    ask = find(balance, "ask account").line
    assert (ask, ask + 2) in starts
    assert any(start == dialog and end > ask for start, end in starts)


@pytest.fixture
def movies(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "cards", tmp_path / "cards")
    copy = tmp_path / "movies.bot"
    shutil.copy(EXAMPLES / "movies.bot", copy)
    return copy


@pytest.mark.asyncio
async def test_go_to_definition_opens_a_card_file(client: LanguageClient, movies: Path) -> None:
    await open_document(client, movies)
    await replace_text(client, movies, "    card file", "    pause 1s\n    card file")
    location = await definition(client, movies, find(movies, '"cards/welcome.json"', 3))
    assert location.uri == (movies.parent / "cards" / "welcome.json").resolve().as_uri()


@pytest.mark.asyncio
async def test_go_to_definition_takes_an_invoke_to_its_function(
    client: LanguageClient, movies: Path
) -> None:
    await open_document(client, movies)
    await replace_text(client, movies, "movie-night", "movie-nights")
    location = await definition(client, movies, find(movies, "invoke recommend", 8))
    assert location.range.start == find(movies, "function recommend", 9)


@pytest.mark.asyncio
async def test_a_diagnostic_carries_its_code_and_a_link_to_the_code_s_explanation(
    client: LanguageClient, balance: Path
) -> None:
    await open_document(client, balance)
    (error,) = errors(await replace_text(client, balance, "-> lookup", "-> lookp"))
    assert error.code == "BOT202"
    assert error.code_description is not None
    page, anchor = error.code_description.href.split("#")
    assert page == (EXAMPLES.parent / "docs" / "DIAGNOSTICS.md").resolve().as_uri()
    assert anchor == "bot202--an-unknown-name"
