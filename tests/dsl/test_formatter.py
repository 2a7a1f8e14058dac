"""The canonical layout `botc fmt` writes."""

from __future__ import annotations

from botc.dsl import format_module, parse


def _fmt(text: str) -> str:
    return format_module(parse(text, "f.bot"))


def test_layout_is_four_space_indents_and_one_blank_line_between_declarations() -> None:
    messy = (
        'bot   "B"\n  default response   "D"\n\n\n\n'
        'dialog a\n  on start\n\n  ask x "Q?"\n        when x == 1   ->   next\n'
        'function f "u"\n'
    )
    assert _fmt(messy) == (
        'bot "B"\n    default response "D"\n\n'
        'dialog a\n    on start\n    ask x "Q?"\n        when x == 1 -> next\n\n'
        'function f "u"\n'
    )


def test_strings_get_canonical_escapes() -> None:
    assert _fmt('dialog a\n    say "caf\\u00e9 \\u0009 \\"x\\""\n') == (
        'dialog a\n    say "café \\t \\"x\\""\n'
    )


def test_short_json_goes_on_one_line_with_canonical_separators() -> None:
    text = 'dialog a\n    signal {\n  "a" :[1,2],\n  "b":{"c":"\\u00e9"}\n}\n'
    assert _fmt(text) == 'dialog a\n    signal {"a": [1, 2], "b": {"c": "é"}}\n'


def test_long_json_is_spread_one_member_a_line_keeping_short_members_on_one() -> None:
    long_text = "x" * 70
    source = (
        'dialog a\n    on start\n    card {"type": "vertical", "elements": '
        f'[{{"type": "text", "text": "{long_text}"}}, {{"type": "text", "text": "hi"}}]}}\n'
        '        metadata [{"type": "ExternalId", "id": "A"}]\n'
    )
    assert _fmt(source) == (
        "dialog a\n    on start\n    card {\n"
        '        "type": "vertical",\n'
        '        "elements": [\n'
        "            {\n"
        '                "type": "text",\n'
        f'                "text": "{long_text}"\n'
        "            },\n"
        '            {"type": "text", "text": "hi"}\n'
        "        ]\n"
        "    }\n"
        '        metadata [{"type": "ExternalId", "id": "A"}]\n'
    )
    assert _fmt(_fmt(source)) == _fmt(source)


def test_settings_come_in_a_fixed_order() -> None:
    text = (
        "integration I\n    timeout 5s\n    store x = r\n    body {}\n"
        '    header "h" "v"\n    api GET "u"\n'
    )
    assert _fmt(text) == (
        'integration I\n    api GET "u"\n    header "h" "v"\n    body {}\n'
        "    timeout 5s\n    store x = r\n"
    )


def test_own_line_comments_stay_before_what_followed_them() -> None:
    text = "# top\n\n# about a\ndialog a\n    # about the trigger\n    on start\n"
    assert _fmt(text) == "# top\n# about a\ndialog a\n    # about the trigger\n    on start\n"


def test_trailing_comments_stay_on_their_statement() -> None:
    text = "dialog a   # the dialog\n    call I    # the call\n        on success -> end  # ok\n"
    assert _fmt(text) == (
        "dialog a  # the dialog\n    call I  # the call\n        on success -> end  # ok\n"
    )


def test_comment_at_the_end_of_the_file_is_kept() -> None:
    assert _fmt("dialog a\n    on start\n# the end") == "dialog a\n    on start\n# the end\n"


def test_labels_and_keyword_options_are_written_in_full() -> None:
    text = 'dialog a\n    l:   escalate   to skill  1 agent 2 "m" with   context\n'
    assert _fmt(text) == 'dialog a\n    l: escalate to skill 1 agent 2 "m" with context\n'


def test_empty_file_formats_to_nothing() -> None:
    assert _fmt("\n\n#  \n") == "#\n"
    assert _fmt("") == ""
