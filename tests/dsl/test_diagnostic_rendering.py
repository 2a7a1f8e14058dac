"""How a diagnostic shows its source line: the caret under the span, long lines cut."""

from __future__ import annotations

from botc.dsl.ast import Span
from botc.dsl.diagnostics import Diagnostic, render


def _shown(source: str, span: Span) -> list[str]:
    diagnostic = Diagnostic("error", "bad", span, "bot.bot", None)
    return render(diagnostic, source).splitlines()


def test_a_short_line_is_shown_whole_with_the_caret_under_the_span() -> None:
    _, line, caret = _shown('say "hi" oops', Span(1, 10, 1, 14))
    assert line.endswith('say "hi" oops')
    assert caret.index("^") - caret.index("|") == line.index("oops") - line.index("|")


def test_a_ten_thousand_character_line_is_cut_around_the_caret() -> None:
    source = 'say "' + "x" * 5000 + '" oops "' + "y" * 5000 + '"'
    column = source.index("oops") + 1
    _, line, caret = _shown(source, Span(1, column, 1, column + 4))
    assert len(line) < 120
    assert line.count("…") == 2
    under = caret.index("^")
    assert line[under : under + 4] == "oops"


def test_a_caret_near_the_end_of_a_long_line_stays_on_it() -> None:
    source = "x" * 3000 + " end"
    column = len(source) - 2
    _, line, caret = _shown(source, Span(1, column, 1, column + 3))
    assert line.startswith("    1 | …") and not line.endswith("…")
    under = caret.index("^")
    assert line[under : under + 3] == "end"
