"""Common mistakes, each recognised and worded by one small function.

`WORDINGS` is tried in order by `dsl.syntax_errors`; the first function that recognises
the unexpected token at a `Place` returns the `SyntaxProblem` that explains it.
"""

from __future__ import annotations

from botc.dsl.ast import Span
from botc.dsl.diagnostics import Replacement
from botc.dsl.error_context import (
    Place,
    Source,
    SyntaxProblem,
    expected_found,
    statement_keyword,
    statement_start,
)
from botc.dsl.error_wording import (
    BLOCK_HINTS,
    DECLARATIONS,
    FAMILIES,
    HINTS,
    JSON_TERMINALS,
    TEST_LINES,
)
from botc.dsl.step_keywords import STEP_KEYWORD_LIST, STEP_WORDS


def _missing_block(place: Place, text: Source) -> SyntaxProblem | None:
    if "_INDENT" not in place.expected or len(place.expected - {"_DEDENT"}) != 1:
        return None
    header = text.line(place.statement_line)
    return text.problem(
        f"expected the indented lines of `{header.strip()}`, found {place.found}",
        place.span,
        BLOCK_HINTS.get(statement_keyword(header), "indent the lines that belong to it"),
        (place.statement_line, place.line),
        code="BOT103",
    )


def _unclosed_bracket(place: Place, text: Source) -> SyntaxProblem | None:
    opener = place.opener
    if opener is None or place.line <= (opener.line or 1) or place.kind in JSON_TERMINALS:
        return None
    # The value ran on into the next statement: its bracket was never closed.
    line, column = opener.line or 1, opener.column or 1
    closer = "}" if opener.type == "LBRACE" else "]"
    return text.problem(
        f"this `{opener}` is never closed",
        Span(line, column, line, column + 1),
        f"close it with `{closer}` before the end of the statement",
        (statement_start(text.lines, line),),
        code="BOT103",
    )


def _bad_json(place: Place, text: Source) -> SyntaxProblem | None:
    if place.opener is None:
        return None
    return text.problem(
        f"bad JSON: {expected_found(place, text)}",
        place.span,
        "JSON keys and strings are double-quoted, items are separated by commas, and "
        "the last item has no comma after it",
        (statement_start(text.lines, place.opener.line or 1),),
        code="BOT103",
    )


def _step_outside_dialog(place: Place, text: Source) -> SyntaxProblem | None:
    if not (FAMILIES[DECLARATIONS] <= place.expected and str(place.token) in STEP_WORDS):
        return None
    return text.problem(
        f"`{place.token}` is a step, so it belongs inside a dialog",
        place.span,
        "indent it under the dialog it belongs to",
        code="BOT103",
    )


def _unknown_statement(place: Place, text: Source) -> SyntaxProblem | None:
    """A first word read as a label (or as an integration's name in a test) that is not."""
    if place.kind == "COLON":
        return None
    word, span = place.word_before()
    if place.expected == {"RETURNS", "FAILS"}:
        return text.problem(
            f"`{word}` is not a test line",
            span,
            f"the lines of a test are {TEST_LINES}",
            code="BOT103",
        )
    if place.expected != {"COLON"}:
        return None
    if word in ("when", "otherwise"):
        return text.problem(
            f"a `{word}` branch belongs to an `ask` or a `call`",
            span,
            "indent it under the `ask` or `call` it belongs to",
            code="BOT103",
        )
    if word in ("quick", "metadata", "encoded"):
        return text.problem(
            f"`{word}` is an option of a message",
            span,
            "indent it under the `say`, `card` or `ask` it belongs to",
            code="BOT103",
        )
    if word in ("accept", "success", "failure", "invalid", "progress"):
        return text.problem(
            f"`{word}` is a setting of an `upload`",
            span,
            "indent it under its `upload`",
            code="BOT103",
        )
    return text.problem(
        f"`{word}` is not a step",
        span,
        f"the steps are {STEP_KEYWORD_LIST}; a label is written `name: step`",
        code="BOT103",
    )


def _keyword_as_label(place: Place, text: Source) -> SyntaxProblem | None:
    if place.kind != "COLON" or "COLON" in place.expected:
        return None
    word, span = place.word_before()
    if place.line_text.lstrip().startswith(("otherwise", "on success", "on failure")):
        branch = place.line_text[: place.column - 1].strip()
        target = place.line_text[place.span.end_column - 1 :].split("#", 1)[0].strip()
        spaced = place.line_text[place.column - 2 : place.column - 1] == " "
        return text.problem(
            "a branch's target follows `->`, not `:`",
            place.span,
            f"write `{branch} -> {target or 'label'}`",
            replacement=Replacement(place.span, "->" if spaced else " ->"),
        )
    written = _line_after(place)
    if word in _TEXT_LINE_KEYWORDS and "STRING" in place.expected:
        return _colon_after_keyword(
            place, text, f"`{word}` is followed by its text, without `:`", f"{word} {written}"
        )
    if word == "user" and "SAYS" in place.expected:
        return _colon_after_keyword(
            place,
            text,
            "a pattern is written after `user says`, without `:`",
            f"user says {written}",
        )
    return text.problem(
        f"`{word}` is a keyword here, so it cannot be a label",
        span,
        "choose another name for the label",
        code="BOT103",
    )


# The lines whose keyword is followed by a text: test lines, `say` and `upload` steps.
_TEXT_LINE_KEYWORDS = ("user", "bot", "agents", "signal", "start", "upload", "say")


def _line_after(place: Place) -> str:
    """What the line says after the token, without its comment."""
    return place.line_text[place.span.end_column - 1 :].split("#", 1)[0].strip()


def _colon_after_keyword(place: Place, text: Source, message: str, fixed: str) -> SyntaxProblem:
    """`bot: "Hello!"`: the keyword is followed by its text, with no `:` between."""
    spaced = place.line_text[place.span.end_column - 1 : place.span.end_column] == " "
    return text.problem(
        message,
        place.span,
        f"write `{fixed}`",
        replacement=Replacement(place.span, "" if spaced else " "),
        code="BOT103",
    )


# Curly, low and angle quotes, and the single quote: all mistaken for `"`.
_WRONG_QUOTES = "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b'\u00ab\u00bb"


def _wrong_quotes(place: Place, text: Source) -> SyntaxProblem | None:
    first = str(place.token)[:1]
    if "STRING" not in place.expected or not first or first not in _WRONG_QUOTES:
        return None
    written = place.line_text.strip()
    fixed = written
    for quote in _WRONG_QUOTES:
        fixed = fixed.replace(quote, '"')
    start = place.line_text.index(written) + 1
    return text.problem(
        f"a text is written between straight double quotes, not `{first}`",
        place.span,
        f"write it as `{fixed}`",
        replacement=Replacement(Span(place.line, start, place.line, start + len(written)), fixed),
        code="BOT103",
    )


def _say_without_text(place: Place, text: Source) -> SyntaxProblem | None:
    if place.keyword != "say" or "STRING" not in place.expected:
        return None
    rest = place.line_text.split("say", 1)[1].strip().replace('"', "")
    if not rest:
        return text.problem("a `say` needs a quoted text", place.span, HINTS["say"], code="BOT103")
    after_say = place.line_text.index("say") + len("say")
    start = after_say + len(place.line_text[after_say:]) - len(place.line_text[after_say:].lstrip())
    written = Span(place.line, start + 1, place.line, len(place.line_text.rstrip()) + 1)
    return text.problem(
        "a `say` needs a quoted text",
        place.span,
        f'write it as `say "{rest}"`',
        replacement=Replacement(written, f'"{rest}"'),
        code="BOT103",
    )


def _branch_without_arrow(place: Place, text: Source) -> SyntaxProblem | None:
    if "_ARROW" not in place.expected:
        return None
    return text.problem(
        f"a branch needs `->` and a target, found {place.found}",
        place.span,
        "branches look like `on success -> label`, `when answer is number -> label` or "
        "`otherwise -> dialog help`",
        code="BOT103",
    )


def _branch_without_target(place: Place, text: Source) -> SyntaxProblem | None:
    if not {"NEXT", "END", "DIALOG"} <= place.expected:
        return None
    return text.problem(
        "expected a target after `->` (a label, `dialog NAME`, `next` or `end`), "
        f"found {place.found}",
        place.span,
        "branches look like `on success -> label`",
        code="BOT103",
    )


def _step_indented_too_far(place: Place, text: Source) -> SyntaxProblem | None:
    if (
        str(place.token) not in STEP_WORDS
        or place.kind == "NAME"
        or place.expected & {"SAY", "END", "GOTO"}
        or not place.starts_line
    ):
        return None
    return text.problem(
        f"this `{place.token}` is indented too far",
        place.span,
        "a step lines up with the step above it; only a step's options and branches go under it",
        code="BOT103",
    )


def _unknown_outcome(place: Place, text: Source) -> SyntaxProblem | None:
    if place.expected != {"SUCCESS", "FAILURE"}:
        return None
    return text.problem(
        f"expected `success` or `failure`, found {place.found}",
        place.span,
        "call branches look like `on success -> label` or `on failure -> label`",
        code="BOT103",
    )


# Tried in order; the first that recognises the mistake words it.
WORDINGS = (
    _missing_block,
    _unclosed_bracket,
    _bad_json,
    _step_outside_dialog,
    _unknown_statement,
    _keyword_as_label,
    _wrong_quotes,
    _say_without_text,
    _branch_without_arrow,
    _branch_without_target,
    _step_indented_too_far,
    _unknown_outcome,
)

# The one thing expected, when it is a literal whose form a bot author needs to see.
