"""The json-pollock structured-content rules and the quickReplies object, as data.

LivePerson's schemas (json-pollock 1.7.7 `js/schema/*.json`, lp-rich-content-validator
`quickReplies.json`) are restated here as tables of element kinds — their fields, types
and limits — with a small checker that reports every problem with a JSON path and plain
words. Nothing is loaded at run time; the compiler imports this module for `card`.

The checker (`shapes.py`) follows the schemas' meaning exactly (tests compare it with
`jsonschema` on generated documents): `oneOf` holds when exactly one alternative fits,
so an element with no `type` must fit exactly one basic kind; formats (`uri`, `color`)
are not checked.
The one deliberate difference: `itemsPerRow` of quick replies must be a whole number
from 1 to 8 (the vendor file states that limit with keywords validators ignore).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from botc.runtime.defaults import QUICK_REPLIES_MAX, QUICK_REPLIES_MIN
from botc.runtime.wire.shapes import (
    AnyList,
    Choice,
    Field,
    Flag,
    ListOf,
    Number,
    OneOf,
    Positional,
    Problem,
    Record,
    Ref,
    Spec,
    Text,
    check,
)
from botc.runtime.wire.shapes import record as _record

__all__ = [
    "QUICK_REPLIES",
    "RICH_CONTENT",
    "Problem",
    "quick_replies",
    "quick_replies_problems",
    "structured_content_problems",
]

QUICK_REPLIES_PER_ROW_MAX: Final = 8
# The seed's example (004, "Sending Quick Replies") puts up to 8 replies in a row.
QUICK_REPLIES_PER_ROW: Final = 8


# --- the tables --------------------------------------------------------------------------


def _click(action: Spec) -> Field:
    return Field("click", Record("a click", (
        Field("actions", ListOf(action, "actions", max_items=4)),
        Field("metadata", AnyList()),
    )))


_ARIA_LIMITS: Final = {
    "role": 100, "tabindex": 20, "aria-activedescendant": 100, "aria-atomic": 100,
    "aria-autocomplete": 100, "aria-busy": 100, "aria-checked": 20, "aria-colcount": 10,
    "aria-colindex": 10, "aria-colspan": 10, "aria-controls": 100, "aria-current": 100,
    "aria-describedby": 100, "aria-details": 100, "aria-disabled": 100,
    "aria-errormessage": 100, "aria-expanded": 20, "aria-flowto": 100, "aria-grabbed": 1000,
    "aria-haspopup": 20, "aria-hidden": 20, "aria-invalid": 100, "aria-keyshortcuts": 1000,
    "aria-label": 1000, "aria-labelledby": 100, "aria-level": 20, "aria-live": 100,
    "aria-modal": 100, "aria-multiline": 20, "aria-multiselectable": 20,
    "aria-orientation": 100, "aria-owns": 100, "aria-placeholder": 1000,
    "aria-posinset": 100, "aria-pressed": 100, "aria-readonly": 20, "aria-relevant": 1000,
    "aria-required": 20, "aria-roledescription": 1000, "aria-rowcount": 20,
    "aria-rowindex": 20, "aria-rowspan": 20, "aria-selected": 100, "aria-setsize": 100,
    "aria-sort": 100, "aria-valuemax": 100, "aria-valuemin": 100, "aria-valuenow": 100,
    "aria-valuetext": 1000,
}
ACCESSIBILITY: Final = Field("accessibility", Record("an accessibility block", (
    Field("web", Record("web accessibility", tuple(
        Field(name, Text(limit)) for name, limit in _ARIA_LIMITS.items()))),
)))

_COLOURS: Final = (
    "background-color", "background-color-active", "background-color-hover", "border-color",
    "border-color-selected", "border-color-hover", "font-family", "color", "color-hover",
    "color-active", "fill",
)
STYLE: Final = Field("style", Record("a style", (
    *(Field(name, Text(256)) for name in _COLOURS),
    Field("border-radius", Number()),
    Field("bold", Flag()),
    Field("italic", Flag()),
    Field("size", Choice(("small", "medium", "large"))),
)))
DISPLAY: Final = Field("display", Record("display settings", (
    Field("aspectRatio", Choice(("rectangle", "square", "horizontal"))),
    Field("size", Choice(("cover", "contain", "large", "compact", "tall", "full"))),
)))
PADDING: Final = Field("padding", Number(0, 10))
ALT: Final = Field("alt", Text(2000))
TOOLTIP: Final = Field("tooltip", Text(256))
TAGS: Final = (Field("tag", Text(64)), Field("tagVersion", Text(64)))
# Fields every basic element has besides its own (text.json, image.json, ...).
_ELEMENT_EXTRAS: Final = (Field("rtl", Flag()), TOOLTIP, *TAGS, STYLE, ALT)

_URI = Record("a uri", (Field("uri", Text(1024)),))
KEY_VALUE_PAIR: Final = _record(
    "a key-value pair", None, Field("key", Text(128)), Field("value", Text(2048)),
    required=("key",),
)
SCHEDULE_SLOT: Final = _record(
    "a schedule slot", "scheduleSlot", Field("id", Text(256)), Field("start", Number(whole=True)),
    Field("end", Number(whole=True)), Field("title", Text(40)), Field("description", Text(40)),
    Field("imageUrl", Text(1024)), required=("type", "id", "start"),
)
ACTION: Final = OneOf("an action", (
    _record("a publishText action", "publishText", Field("text", Text(256)),
            required=("type", "text")),
    _record("an addToCart action", "addToCart", Field("items", ListOf(
        Record("a cart item", (Field("productId", Text(256)),
                               Field("quantity", Number(whole=True)))),
        "cart items", max_items=10)), required=("type", "items")),
    _record("a navigate action", "navigate", Field("la", Number()), Field("lo", Number()),
            Field("name", Text(256)), required=("type", "la", "lo")),
    _record("a link action", "link", Field("uri", Text(1024)), Field("name", Text(256)),
            Field("ios", _URI), Field("android", _URI), Field("web", _URI),
            Field("target", Choice(("self", "blank", "slideout"))), ACCESSIBILITY,
            required=("type", "uri")),
    _record("a custom action", "custom",
            Field("data", ListOf(KEY_VALUE_PAIR, "key-value pairs", max_items=10)),
            required=("type",)),
    _record("a datePicker action", "datePicker", Field("class", Choice(("single", "range"))),
            Field("title", Text(40)), Field("minDate", Number(whole=True)),
            Field("maxDate", Number(whole=True)), Field("dateFormat", Text(100)),
            required=("type", "class")),
    _record("a scheduleSlotList action", "scheduleSlotList", Field("title", Text(40)),
            Field("slots", ListOf(SCHEDULE_SLOT, "schedule slots", max_items=256)),
            Field("firstDayOfTheWeek", Choice(("sun", "mon"))), required=("type",)),
))
SUBMIT_AS_TEXT: Final = _record("a submitAsText action", "submitAsText",
                                Field("submit", Flag()), ACCESSIBILITY, required=("type", "submit"))
CHECKED: Final = _record("a checked action", "checked", Field("publishText", Text(250)),
                         ACCESSIBILITY, required=("type", "publishText"))

TEXT: Final = _record("a text element", "text", Field("text", Text(5000)), *_ELEMENT_EXTRAS,
                      _click(ACTION), ACCESSIBILITY, required=("text",))
IMAGE: Final = _record("an image", "image", Field("caption", Text(128)), Field("url", Text(2048)),
                       *_ELEMENT_EXTRAS, _click(ACTION), ACCESSIBILITY, required=("url",))
BUTTON: Final = _record(
    "a button", "button", Field("class", Choice(("text", "button"))), Field("title", Text(128)),
    Field("subtitle", Text(128)), *_ELEMENT_EXTRAS,
    Field("ref", Record("a button's ref", (
        Field("name", Text(200)), Field("type", Choice(("carouselSelect", "accordionSelect"))),
    ))),
    _click(ACTION), ACCESSIBILITY, required=("title",),
)
MAP: Final = _record("a map", "map", Field("lo", Number()), Field("la", Number()),
                     *_ELEMENT_EXTRAS, _click(ACTION), ACCESSIBILITY, required=("lo", "la"))
LINK_PREVIEW: Final = _record("a link preview", "linkPreview", Field("url", Text(2048)),
                              Field("title", Text(128)), *_ELEMENT_EXTRAS, _click(ACTION),
                              ACCESSIBILITY, required=("url",))
TEMPLATE: Final = _record(
    "a template", "template", Field("templateType", Choice(("quickReply",))),
    Field("title", Text(5000)),
    Field("resp", ListOf(Text(128), "responses", min_items=1, max_items=32)),
    *_ELEMENT_EXTRAS, _click(ACTION), ACCESSIBILITY, required=("templateType", "title", "resp"),
)
KEY_VALUE_PAIR_LIST: Final = _record(
    "a key-value pair list", "keyValuePairList",
    Field("elements", ListOf(KEY_VALUE_PAIR, "key-value pairs", min_items=1, max_items=50)),
    required=("type", "elements"),
)
BASIC: Final = OneOf("a basic element", (
    TEXT, IMAGE, BUTTON, MAP, LINK_PREVIEW, TEMPLATE, KEY_VALUE_PAIR_LIST,
))

# Layouts nest any structured content, so the tree refers back to its root.
_LAYOUT_ELEMENTS: Final = Field(
    "elements", ListOf(Ref(lambda: RICH_CONTENT), "elements", max_items=256))
HORIZONTAL: Final = _record(
    "a horizontal layout", "horizontal", *TAGS, Field("borderLine", Flag()),
    Field("border", Choice(("border", "borderLess", "dropShadow"))),
    Field("percentages", ListOf(Number(), "percentages", max_items=256)),
    _LAYOUT_ELEMENTS, ALT, ACCESSIBILITY, Field("metadata", AnyList()),
    required=("type", "elements"),
)
VERTICAL: Final = _record(
    "a vertical layout", "vertical", *TAGS,
    Field("border", Choice(("border", "borderLess", "dropShadow"))),
    Field("scroll", Choice(("disable", "enable"))), _LAYOUT_ELEMENTS, ALT, DISPLAY, STYLE,
    ACCESSIBILITY, Field("metadata", AnyList()), required=("type", "elements"),
)
CARD: Final = OneOf("a card", (BASIC, HORIZONTAL, VERTICAL))


def _cards(low: int, high: int) -> Field:
    return Field("elements", ListOf(CARD, "cards", min_items=low, max_items=high))


_SELECT_NAME: Final = Field("name", Text(200))
CAROUSEL: Final = _record("a carousel", "carousel", TOOLTIP, PADDING, _cards(2, 10), ALT,
                          DISPLAY, STYLE, ACCESSIBILITY, required=("type", "elements"))
CAROUSEL_SELECT: Final = _record(
    "a carouselSelect", "carouselSelect", TOOLTIP, PADDING, _cards(1, 20), STYLE, ALT, DISPLAY,
    ACCESSIBILITY,
    Field("selectMode", Record("a select mode", (
        Field("name", Text(200), True), Field("type", Choice(("single", "multiple")), True),
    ))),
    required=("type", "selectMode", "elements"),
)
ACCORDION_SELECT: Final = _record(
    "an accordionSelect", "accordionSelect", TOOLTIP, PADDING, _cards(1, 20), STYLE, ALT,
    DISPLAY, ACCESSIBILITY,
    Field("selectMode", Record("a select mode", (Field("name", Text(200), True),))),
    Field("titles", ListOf(Record("an accordion title", (
        Field("name", Text(200), True), Field("additional", Text(200)),
    )), "titles", min_items=1, max_items=20)),
    required=("type", "selectMode", "titles", "elements"),
)
CHECKBOX: Final = _record(
    "a checkbox", "checkbox", Field("text", Text(5000)), Field("rtl", Flag()), TOOLTIP, *TAGS,
    STYLE, Field("borderLine", Flag()), Field("borderColor", Text(256)), _click(CHECKED),
    ACCESSIBILITY, required=("type", "text", "click"),
)
CHECKLIST: Final = _record(
    "a checklist", "checklist", TOOLTIP, PADDING,
    Field("elements", ListOf(CHECKBOX, "checkboxes", min_items=2, max_items=256)), ALT,
    ACCESSIBILITY, required=("type", "elements"),
)
SECTION: Final = _record(
    "a section", "section", TOOLTIP, PADDING, Field("sectionID", Text(256)),
    Field("elements", OneOf("the elements of a section", (
        Positional((CHECKLIST,), "a checklist", 1, 1),
        Positional((TEXT, CHECKLIST), "a text and a checklist", 2, 2),
    ))),
    ALT, ACCESSIBILITY, required=("type", "elements", "sectionID"),
)
SECTION_LIST: Final = _record(
    "a section list", "sectionList", TOOLTIP,
    Field("elements", ListOf(SECTION, "sections", min_items=1, max_items=256)), ALT,
    required=("type", "elements"),
)
SUBMIT_BUTTON: Final = _record(
    "a submit button", "submitButton", Field("title", Text(128)), *_ELEMENT_EXTRAS,
    Field("disabled", Flag()), _click(SUBMIT_AS_TEXT), ACCESSIBILITY,
    required=("type", "title", "click"),
)
BUTTON_LIST: Final = _record(
    "a button list", "buttonList", TOOLTIP, PADDING,
    Field("elements", Positional((SUBMIT_BUTTON, BUTTON), "a submit button and a button", 1, 2)),
    ALT, required=("type", "elements"),
)
LIST: Final = _record(
    "a list", "list", TOOLTIP,
    Field("elements", Positional(
        (TEXT, SECTION_LIST, BUTTON_LIST), "a text, a section list and a button list", 3, 3)),
    ALT, required=("type", "elements"),
)
TABS: Final = _record("tabs", "tabs", STYLE, _cards(1, 10), required=("type", "elements"))
RICH_CONTENT: Final[OneOf] = OneOf("structured content", (
    CARD, CAROUSEL, CAROUSEL_SELECT, ACCORDION_SELECT, LIST, TABS,
))
QUICK_REPLIES: Final = _record(
    "a quickReplies object", "quickReplies",
    Field("itemsPerRow", Number(1, QUICK_REPLIES_PER_ROW_MAX, whole=True)),
    Field("replies", ListOf(BUTTON, "replies", QUICK_REPLIES_MIN, QUICK_REPLIES_MAX)),
    required=("type", "itemsPerRow", "replies"),
)


# --- the public API ----------------------------------------------------------------------


def structured_content_problems(value: object) -> list[Problem]:
    """Every way `value` breaks json-pollock's `rich_content.json`; [] when it is valid."""
    return check(RICH_CONTENT, value, "$")


def quick_replies_problems(value: object) -> list[Problem]:
    """Every way `value` breaks the `quickReplies` object rules (1-24 buttons, 1-8 a row)."""
    return check(QUICK_REPLIES, value, "$")


def quick_replies(
        titles: Sequence[str], items_per_row: int = QUICK_REPLIES_PER_ROW) -> dict[str, object]:
    """The `quickReplies` object for these titles, each reply publishing its own title.
    Pure: check the result with `quick_replies_problems` (counts, lengths)."""
    return {
        "type": "quickReplies",
        "itemsPerRow": items_per_row,
        "replies": [
            {"type": "button", "tooltip": title, "title": title,
             "click": {"actions": [{"type": "publishText", "text": title}]}}
            for title in titles
        ],
    }
