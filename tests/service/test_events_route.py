"""The events route recognized in front of Starlette: the same paths as Starlette's
`Route` for it, with the same parameters, and everything else left to Starlette."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from starlette.routing import Match, Route

from botc.runtime.server.events_route import events_path_parameters

TEMPLATE = "/{apiVersion}/bots/{botId}/environments/{environment}/conversations/{convId}/events"
STARLETTE = Route(TEMPLATE, lambda request: None, methods=["POST"])
WORDS = ["", "v1", "bots", "environments", "conversations", "events", "b1", "draft", "c 1", "é"]


def starlette_parameters(path: str) -> dict[str, str] | None:
    match, child = STARLETTE.matches({"type": "http", "path": path, "method": "POST"})
    return dict(child["path_params"]) if match is Match.FULL else None


def test_an_events_path_gives_its_four_parameters() -> None:
    path = "/v1/bots/b1/environments/draft/conversations/c-9/events"
    assert events_path_parameters(path) == {
        "apiVersion": "v1",
        "botId": "b1",
        "environment": "draft",
        "convId": "c-9",
    }


def test_an_empty_conversation_id_is_not_an_events_path() -> None:
    assert events_path_parameters("/v1/bots/b1/environments/draft/conversations//events") is None


def test_a_trailing_slash_is_left_to_starlette() -> None:
    assert events_path_parameters("/v1/bots/b1/environments/draft/conversations/c/events/") is None


def test_the_conversation_path_itself_is_not_an_events_path() -> None:
    assert events_path_parameters("/v1/bots/b1/environments/draft/conversations/c") is None


@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=4), min_size=0, max_size=11))
def test_it_matches_exactly_the_paths_starlette_matches(words: list[str]) -> None:
    path = "/".join(["", *words]) if words else "/"
    assert events_path_parameters(path) == starlette_parameters(path)


@given(
    st.lists(
        st.text(st.characters(blacklist_characters="/"), min_size=1, max_size=6),
        min_size=4,
        max_size=4,
    )
)
def test_any_four_parameters_without_a_slash_come_back_as_starlette_reads_them(
    parameters: list[str],
) -> None:
    version, bot, environment, conversation = parameters
    path = f"/{version}/bots/{bot}/environments/{environment}/conversations/{conversation}/events"
    assert events_path_parameters(path) == starlette_parameters(path)
