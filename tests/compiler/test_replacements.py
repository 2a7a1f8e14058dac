"""Every hint that names one edit carries it as a `Replacement`, and making that edit
fixes the file: what the editor's quick fix does."""

from __future__ import annotations

import pytest

from botc.compiler.compile import compile_source
from botc.dsl.ast import Span
from botc.dsl.diagnostics import Diagnostic

GOOD = """\
integration Orders
    api GET "https://example.com/{{ size }}"

dialog order
    user says "order"
    ask size "Which size?"
        when answer == "small" -> small
        otherwise -> next
    say "A {{ size | upper }} one."
    small: say "Small it is."
    end

dialog help
    user says "help"
    say "Say order."

test "an order"
    user "order"
    Orders fails
"""

BROKEN = {
    "a misspelt label": ('-> small', '-> smal'),
    "a misspelt dialog": (
        '        when answer == "small"',
        '        when answer == "help" -> dialog hlep\n        when answer == "small"',
    ),
    "a label named like a dialog": ('-> small', '-> order'),
    "a misspelt filter": ('size | upper', 'size | uper'),
    "a misspelt field": ('"A {{ size', '"A {{ sise'),
    "a misspelt integration in a test": ('    Orders fails', '    Order fails'),
    "a misspelt step keyword": ('    small: say', '    small: sya'),
    "a step keyword in capitals": ('    say "A', '    Say "A'),
    "a misspelt declaration": ('dialog order', 'dialg order'),
    "a misspelt trigger keyword": ('user says', 'usr says'),
    "a slash comment": ('    end\n', '    // done\n    end\n'),
    "a colon after a dialog name": ('dialog order\n', 'dialog order:\n'),
    "a colon for an arrow": ('otherwise -> next', 'otherwise: next'),
    "curly quotes": ('say "Small it is."', 'say \u201cSmall it is.\u201d'),
    "a say without quotes": ('say "Small it is."', 'say Small it is.'),
}


def _apply(text: str, span: Span, replacement: str) -> str:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: span.line - 1]) + span.column - 1
    end = sum(len(line) + 1 for line in lines[: span.end_line - 1]) + span.end_column - 1
    return text[:start] + replacement + text[end:]


def _diagnostics(text: str) -> list[Diagnostic]:
    """Errors and warnings (a field never set is a warning)."""
    return list(compile_source(text, "order.bot").diagnostics)


def test_the_good_file_has_no_diagnostic() -> None:
    assert _diagnostics(GOOD) == []


@pytest.mark.parametrize("mistake", sorted(BROKEN))
def test_the_replacement_of_a_hint_fixes_the_mistake(mistake: str) -> None:
    old, new = BROKEN[mistake]
    assert old in GOOD
    broken = GOOD.replace(old, new, 1)
    found = _diagnostics(broken)
    assert found, mistake
    first = found[0]
    assert first.replacement is not None, (first.message, first.hint)
    fixed = _apply(broken, first.replacement.span, first.replacement.text)
    assert _diagnostics(fixed) == [], fixed
