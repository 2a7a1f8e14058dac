"""How `botc chat` shows response items: texts, private texts, quick replies, cards,
pauses and actions (runtime/drivers/terminal.py)."""

from __future__ import annotations

from typing import Any

from botc.runtime.drivers.terminal import card_lines, render_items


def text(message: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TEXT", "data": {"message": message, **extra}}


def action(name: str, **parameters: Any) -> dict[str, Any]:
    return {"type": "ACTION", "data": {"name": name, "parameters": parameters}}


def test_bot_text_is_shown_after_the_bot_prefix() -> None:
    assert render_items([text("Hi there")]) == ["bot: Hi there"]


def test_private_text_is_marked_for_agents() -> None:
    lines = render_items([text("VIP customer", messageAudience="AGENTS_AND_MANAGERS")])
    assert lines == ["bot: [to agents] VIP customer"]


def test_multi_line_text_keeps_its_lines_indented() -> None:
    assert render_items([text("one\ntwo")]) == ["bot: one", "     two"]


def test_quick_replies_show_as_bracketed_titles_under_the_message() -> None:
    item = {
        "type": "STRUCTURED_CONTENT",
        "data": {
            "structuredContent": {
                "message": "Which size?",
                "quickReplies": {
                    "type": "quickReplies",
                    "itemsPerRow": 8,
                    "replies": [
                        {"type": "button", "title": "Small", "click": {"actions": []}},
                        {"type": "button", "title": "Large", "click": {"actions": []}},
                    ],
                },
            }
        },
    }
    assert render_items([item]) == ["bot: Which size?", "     [Small] [Large]"]


def test_card_is_rendered_as_its_texts_buttons_images_and_maps() -> None:
    card = {
        "type": "vertical",
        "elements": [
            {"type": "text", "text": "Our store"},
            {"type": "image", "url": "https://example.com/s.png"},
            {"type": "map", "la": 51.5, "lo": -0.12},
            {
                "type": "horizontal",
                "elements": [
                    {"type": "button", "title": "Call"},
                    {"type": "button", "title": "Directions"},
                ],
            },
        ],
    }
    lines = render_items([{"type": "STRUCTURED_CONTENT", "data": {"structuredContent": card}}])
    assert lines[0] == "bot: [card]"
    assert [line.strip() for line in lines[1:]] == [
        "Our store",
        "[image https://example.com/s.png]",
        "[map 51.5,-0.12]",
        "[Call] | [Directions]",
    ]


def test_carousel_cards_are_numbered() -> None:
    carousel = {
        "type": "carousel",
        "elements": [
            {"type": "vertical", "elements": [{"type": "text", "text": "A"}]},
            {"type": "vertical", "elements": [{"type": "text", "text": "B"}]},
        ],
    }
    assert card_lines(carousel) == ["-- 1 --", "A", "-- 2 --", "B"]


def test_pause_shows_seconds_and_typing() -> None:
    assert render_items([{"type": "DELAY", "data": {"seconds": 4, "typing": True}}]) == [
        "     (pause 4s, typing)"
    ]
    assert render_items([{"type": "DELAY", "data": {"seconds": 2, "typing": False}}]) == [
        "     (pause 2s)"
    ]


def test_transfer_to_a_skill_id_is_an_arrow_line() -> None:
    assert render_items([action("TRANSFER", skillId="1234")]) == ["→ TRANSFER to skill 1234"]


def test_transfer_to_a_named_skill_and_agent() -> None:
    lines = render_items([action("TRANSFER", skillName="billing", agentId="5678")])
    assert lines == ["→ TRANSFER to skill named billing agent 5678"]


def test_close_conversation_without_survey() -> None:
    assert render_items([action("CLOSE_CONVERSATION")]) == ["→ CLOSE_CONVERSATION"]
    assert render_items([action("CLOSE_CONVERSATION", withoutPcs=True)]) == [
        "→ CLOSE_CONVERSATION without survey"
    ]


def test_invoke_function_shows_the_bot_name_of_the_lambda() -> None:
    item = action("INVOKE_FUNCTION", lambdaUuid="4f9c", payload=None, failOnError=False)
    assert render_items([item], {"4f9c": "recommend"}) == ["→ INVOKE_FUNCTION recommend"]
    assert render_items([item]) == ["→ INVOKE_FUNCTION 4f9c"]


def test_priority_change_shows_type_and_custom_seconds() -> None:
    assert render_items([action("CHANGE_TTR", ttrType="CUSTOM", value=120)]) == [
        "→ CHANGE_TTR CUSTOM 120s"
    ]


def test_signal_and_secure_form_show_their_parameters() -> None:
    assert render_items([action("SIGNAL", payload={"a": 1})]) == ['→ SIGNAL {"a": 1}']
    assert render_items([action("SEND_SECURE_FORM", formId=45, title="Card")]) == [
        '→ SEND_SECURE_FORM 45 "Card"'
    ]
