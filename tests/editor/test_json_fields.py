"""`botc lsp` end to end: a field read inside JSON — an integration's body, an inline
card, an `invoke` payload, a card file — goes to its `ask`, is found and renamed with it,
and shows where it is set. Each test starts the real server on a copy of
examples/movies.bot (whose `body`, card and payloads read `stars` and `genre`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.editor.conftest import EXAMPLES
from tests.editor.documents import (
    definition,
    document,
    find,
    open_document,
    position_of,
    replace_text,
)

TONIGHT = {"type": "vertical", "elements": [{"type": "text", "text": "A {{ genre }} night."}]}


@pytest.fixture
def movies(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "cards", tmp_path / "cards")
    (tmp_path / "cards" / "tonight.json").write_text(json.dumps(TONIGHT, indent=2) + "\n")
    copy = tmp_path / "movies.bot"
    shutil.copy(EXAMPLES / "movies.bot", copy)
    return copy


def _tonight(movies: Path) -> Path:
    return movies.parent / "cards" / "tonight.json"


async def _with_card_file(client: LanguageClient, movies: Path) -> None:
    """Open the bot, then give the `recommend` dialog a step that shows cards/tonight.json."""
    await open_document(client, movies)
    said = '    say to agents "The consumer asked'
    await replace_text(client, movies, said, '    card file "cards/tonight.json"\n' + said)


def _starts(locations: list[types.Location], uri: str) -> set[tuple[int, int]]:
    return {(at.range.start.line, at.range.start.character) for at in locations if at.uri == uri}


def _at(path: Path, snippet: str, within: int = 0) -> tuple[int, int]:
    position = find(path, snippet, within)
    return position.line, position.character


@pytest.mark.asyncio
async def test_a_field_in_an_integration_body_goes_to_its_ask(
    client: LanguageClient, movies: Path
) -> None:
    await open_document(client, movies)
    await replace_text(client, movies, '"channel": "chat"', '"channel": "web"')
    location = await definition(client, movies, find(movies, '{"stars": "{{ stars', 14))
    assert location.range.start == find(movies, 'stars "How many stars')


@pytest.mark.asyncio
async def test_references_of_a_field_include_an_inline_card_and_an_invoke_payload(
    client: LanguageClient, movies: Path
) -> None:
    await open_document(client, movies)
    await replace_text(client, movies, "movie-night", "movie-nights")
    locations = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=document(movies),
            position=find(movies, "ask genre", within=5),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert locations is not None
    found = _starts(locations, document(movies).uri)
    assert _at(movies, "{{ genre | lower }} classic", 3) in found  # the inline card
    assert _at(movies, '{"genre": "{{ genre', 14) in found  # the invoke payload
    assert _at(movies, "a {{ genre | lower }} movie", 5) in found  # a say template


@pytest.mark.asyncio
async def test_renaming_a_field_renames_it_in_every_json_payload(
    client: LanguageClient, movies: Path
) -> None:
    await open_document(client, movies)
    await replace_text(client, movies, "Thanks for rating", "Thank you for rating")
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=document(movies),
            position=find(movies, "ask stars", within=5),
            new_name="rating",
        )
    )
    assert edit is not None and edit.changes is not None
    edits = edit.changes[document(movies).uri]
    text = movies.read_text(encoding="utf-8")
    renamed = {(e.range.start.line, e.range.start.character) for e in edits}
    everywhere = {
        (position_of(text, i).line, position_of(text, i).character)
        for i in range(len(text))
        if text.startswith("{{ stars }}", i - 3) or text.startswith("ask stars", i - 4)
    }
    assert renamed == everywhere and len(renamed) == 4  # ask, body, say, invoke payload
    assert {e.new_text for e in edits} == {"rating"}


@pytest.mark.asyncio
async def test_hover_on_a_field_in_a_payload_says_where_it_is_set(
    client: LanguageClient, movies: Path
) -> None:
    await open_document(client, movies)
    await replace_text(client, movies, '"saved": false', '"saved": true')
    answer = await client.text_document_hover_async(
        types.HoverParams(
            text_document=document(movies), position=find(movies, 'stars }}", "saved"', 1)
        )
    )
    assert answer is not None and isinstance(answer.contents, types.MarkupContent)
    line = find(movies, "ask stars").line + 1
    assert f"line {line}: `ask stars \"How many stars" in answer.contents.value


@pytest.mark.asyncio
async def test_references_of_a_field_include_its_reads_in_a_card_file(
    client: LanguageClient, movies: Path
) -> None:
    await _with_card_file(client, movies)
    locations = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=document(movies),
            position=find(movies, "ask genre", within=5),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert locations is not None
    card = _tonight(movies)
    assert _starts(locations, document(card).uri) == {_at(card, "{{ genre }}", 3)}


@pytest.mark.asyncio
async def test_renaming_a_field_renames_it_in_its_card_files(
    client: LanguageClient, movies: Path
) -> None:
    await _with_card_file(client, movies)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=document(movies),
            position=find(movies, "ask genre", within=5),
            new_name="kind",
        )
    )
    assert edit is not None and edit.changes is not None
    card = _tonight(movies)
    (in_card,) = edit.changes[document(card).uri]
    assert in_card.new_text == "kind"
    assert in_card.range.start == find(card, "{{ genre }}", 3)
    assert in_card.range.end == find(card, "{{ genre }}", 8)
    assert len(edit.changes[document(movies).uri]) == 4  # the ask, the card, the say, invoke


@pytest.mark.asyncio
async def test_a_field_in_a_card_file_goes_to_its_ask_in_the_bot(
    client: LanguageClient, movies: Path
) -> None:
    await _with_card_file(client, movies)
    card = _tonight(movies)
    location = await definition(client, card, find(card, "genre }}", 2))
    assert location.uri == document(movies).uri
    assert location.range.start == find(movies, 'genre "Which genre')


@pytest.mark.asyncio
async def test_hover_on_a_field_in_a_card_file_says_where_it_is_set(
    client: LanguageClient, movies: Path
) -> None:
    await _with_card_file(client, movies)
    card = _tonight(movies)
    answer = await client.text_document_hover_async(
        types.HoverParams(text_document=document(card), position=find(card, "genre }}", 1))
    )
    assert answer is not None and isinstance(answer.contents, types.MarkupContent)
    line = find(movies, "ask genre").line + 1
    assert f"line {line}: `ask genre \"Which genre" in answer.contents.value
