"""Lines written in the wrong place, and words that are almost keywords, each worded by one
small function.

`MISPLACED` is tried by `dsl.syntax_errors` before `dsl.common_mistakes.WORDINGS`: a trigger
after the steps, a branch under a step that takes none, `dialog hi:`, `dialg hi`, `sya "Hi"`.
`branch_under_step` also words a branch indented under a step that opens no block.
"""

from __future__ import annotations

import re

from botc.dsl.ast import Span
from botc.dsl.diagnostics import Replacement
from botc.dsl.error_context import Place, Source, SyntaxProblem, expected_found, statement_keyword
from botc.dsl.error_wording import DECLARATIONS, FAMILIES, TEST_LINES
from botc.dsl.step_keywords import STEP_KEYWORD_LIST, STEP_WORDS

_DECLARATION_WORDS = ("bot", "integration", "function", "dialog", "test")
_EVENTS = ("start", "fallback", "rich", "signal")
_DIALOG_HEADER = re.compile(r"dialog\s+([A-Za-z_][A-Za-z0-9_]*)")

# What may be indented under each step, in the words of a message.
_STEP_TAKES = {
    "say": "`metadata`, `encoded metadata` and `quick replies` lines",
    "card": "`metadata`, `encoded metadata` and `quick replies` lines",
    "ask": "`quick replies`, `when` and `otherwise` lines",
    "call": "`on success`, `on failure` and `when` lines",
    "upload": "`accept`, `success`, `failure`, `invalid` and `progress` lines",
}

# Each branch: the steps it belongs to, and how to write it there.
_BRANCHES = {
    "on": (
        "a `call`",
        "a call's branches are indented under it: `call Balance`, then `on success -> label`",
    ),
    "when": ("an `ask` or a `call`", "indent it under the `ask` or `call` whose answer it tests"),
    "otherwise": ("an `ask`", "indent it under its `ask`, after the `when` branches"),
}


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _first_column(line_text: str) -> int:
    return len(line_text) - len(line_text.lstrip()) + 1


def _line_span(line: int, line_text: str) -> Span:
    """The span of a line's text, without its indentation and trailing comment."""
    content = line_text.split("#", 1)[0].rstrip() if '"' not in line_text else line_text.rstrip()
    start = _first_column(line_text)
    return Span(line, start, line, max(len(content) + 1, start + 1))


def _owner_line(text: Source, line: int) -> int:
    """The nearest line above `line` that is indented less: the statement it sits under."""
    depth = _first_column(text.line(line))
    for number in range(line - 1, 0, -1):
        above = text.line(number)
        if above.strip() and not above.lstrip().startswith("#") and _first_column(above) < depth:
            return number
    return line


def edit_distance(first: str, second: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) turning `first` into `second`."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i]
        for j, b in enumerate(second, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def closest_keyword(word: str, keywords: tuple[str, ...] | frozenset[str]) -> str | None:
    """The keyword `word` was most likely meant to be (a typo or two away), or None."""
    best = min(sorted(keywords), key=lambda keyword: edit_distance(word, keyword))
    allowed = max(1, len(best) // 3)
    return best if edit_distance(word, best) <= allowed else None


def _keyword_hint(
    word: str, keywords: tuple[str, ...] | frozenset[str]
) -> tuple[str, str] | None:
    """The hint for a word that is almost a keyword, and the keyword (the fix)."""
    if word.lower() in keywords and word != word.lower():
        return f"keywords are lower case: write `{word.lower()}`", word.lower()
    meant = closest_keyword(word.lower(), keywords)
    return (f"did you mean `{meant}`?", meant) if meant else None


def _colon_after_header(place: Place, text: Source) -> SyntaxProblem | None:
    """`dialog hi:` or `call Balance:`: a block is opened by indenting, not by `:`."""
    rest = place.line_text[place.span.end_column - 1 :].split("#", 1)[0].strip()
    if place.kind != "COLON" or "_NL" not in place.expected or rest:
        return None
    keyword = statement_keyword(place.line_text)
    if not keyword:
        return None
    written = place.line_text[: place.column - 1].strip()
    if keyword in _DECLARATION_WORDS:
        message = f"{_article(keyword)} {keyword} name is not followed by `:`"
    else:
        message = f"{_article(keyword)} `{keyword}` line does not end with `:`"
    return text.problem(
        message,
        place.span,
        f"write `{written}`, with its lines indented under it",
        replacement=Replacement(place.span, ""),
        code="BOT102",
    )


def _trigger_after_steps(place: Place, text: Source) -> SyntaxProblem | None:
    """`user says`, `on start` or `intent` after a step (read as a label, or as an option)."""
    first = statement_keyword(place.line_text)
    words = place.line_text.split()
    second = words[1] if len(words) > 1 else ""
    is_trigger = (first == "user" and second == "says") or (first == "on" and second in _EVENTS)
    if not (is_trigger or first == "intent") or place.line_text.lstrip().startswith(f"{first}:"):
        return None
    read_as_label = place.expected == {"COLON"} and place.line_text.strip().startswith(first)
    read_as_option = (
        place.starts_line
        and str(place.token) == first
        and not place.expected & {"USER", "ON", "INTENT"}
        and not FAMILIES[DECLARATIONS] <= place.expected
    )
    header = _dialog_header(text, place.line)
    if not (read_as_label or read_as_option) or header is None:
        return None
    what = "the `intent` line comes" if first == "intent" else "triggers come"
    before = "the steps" if _steps_above(text, place.line) else "the `intent` line"
    return text.problem(
        f"{what} before {before} of a dialog",
        _line_span(place.line, place.line_text),
        f"move this line up, under `{header}`"
        + ("" if first == "intent" else ", with the other triggers"),
        code="BOT102",
    )


def _steps_above(text: Source, line: int) -> bool:
    """True when a step comes between the dialog's header and `line`."""
    for number in range(line - 1, 0, -1):
        above = text.line(number)
        if _DIALOG_HEADER.match(above):
            return False
        if statement_keyword(above) not in ("", "user", "on", "intent"):
            return True
    return False


def _dialog_header(text: Source, line: int) -> str | None:
    """`dialog NAME` of the declaration holding `line`; None when that is no dialog."""
    for number in range(line - 1, 0, -1):
        above = text.line(number)
        if above[:1].strip() and not above.startswith("#"):
            found = _DIALOG_HEADER.match(above)
            return f"dialog {found.group(1)}" if found else None
    return None


def branch_under_step(text: Source, line: int) -> SyntaxProblem | None:
    """A branch (`on success`, `when`, `otherwise`) on `line`, indented under a step that
    takes no branches of its kind; None when the line is no branch."""
    line_text = text.line(line)
    words = line_text.split()
    first = words[0] if words else ""
    second = words[1] if len(words) > 1 else ""
    if first not in _BRANCHES or (first == "on" and second not in ("success", "failure")):
        return None
    owner = statement_keyword(text.line(_owner_line(text, line)))
    if owner not in STEP_WORDS:
        return None
    shown = f"on {second}" if first == "on" else first
    belongs, hint = _BRANCHES[first]
    takes = _STEP_TAKES.get(owner)
    what_it_takes = f"takes only {takes}" if takes else "takes no lines under it"
    start = _first_column(line_text)
    return text.problem(
        f"`{shown}` is a branch of {belongs}; {_article(owner)} `{owner}` {what_it_takes}",
        Span(line, start, line, start + len(shown)),
        hint,
        code="BOT102",
    )


def _branch_under_wrong_step(place: Place, text: Source) -> SyntaxProblem | None:
    branch = {"on": "ON", "when": "WHEN", "otherwise": "OTHERWISE"}.get(str(place.token))
    if branch is None or branch in place.expected or not place.starts_line:
        return None
    return branch_under_step(text, place.line)


def _slash_comment(place: Place, text: Source) -> SyntaxProblem | None:
    """`// greeting`: a comment written as in C or JavaScript."""
    if not str(place.token).startswith(("//", "/*")) or not place.starts_line:
        return None
    slashes = Span(place.line, place.column, place.line, place.column + 2)
    return text.problem(
        expected_found(place, text),
        place.span,
        "comments start with `#`: write `# ...`",
        replacement=Replacement(slashes, "#"),
    )


def _unknown_declaration(place: Place, text: Source) -> SyntaxProblem | None:
    """A line at the top level that starts with no declaration keyword."""
    if not FAMILIES[DECLARATIONS] <= place.expected or place.column != 1:
        return None
    written = place.line_text.strip()
    word = re.match(r"[A-Za-z_]\w*", written) or re.match(r"\S*", written)
    found = word.group(0) if word else ""
    if found in STEP_WORDS:
        return None  # a step outside a dialog has its own wording
    meant = _keyword_hint(found, _DECLARATION_WORDS)
    if meant is None or not word:
        hint = "a declaration starts a line; the lines that belong to it are indented under it"
        return text.problem(expected_found(place, text), place.span, hint, code="BOT102")
    start = place.line_text.index(written) + word.start() + 1
    span = Span(place.line, start, place.line, start + len(found))
    return text.problem(
        expected_found(place, text), place.span, meant[0], replacement=Replacement(span, meant[1]),
        code="BOT102",
    )


# A first word read as a label (or as an integration's name in a test): what it may have
# been meant to be, what it is then not, and the whole list.
_LINE_STARTS = {
    frozenset({"COLON"}): (
        frozenset(STEP_WORDS | {"user", "on", "intent"}),
        "a step",
        f"the steps are {STEP_KEYWORD_LIST}",
    ),
    frozenset({"FAILS", "RETURNS"}): (
        frozenset({"start", "user", "upload", "rich", "signal", "bot", "agents", "expect"}),
        "a test line",
        f"the lines of a test are {TEST_LINES}",
    ),
}


def _misspelled_line_start(place: Place, text: Source) -> SyntaxProblem | None:
    """`sya "Hi"`, `Say "Hi"` or `expct close`: a first word that is almost a keyword."""
    known = _LINE_STARTS.get(place.expected)
    if known is None:
        return None
    word, span = place.word_before()
    if span.column != _first_column(place.line_text) or word in text.literals.values():
        return None
    keywords, what, listed = known
    meant = _keyword_hint(word, keywords)
    if meant is None:
        return None
    hint, keyword = meant
    return text.problem(
        f"`{word}` is not {what}",
        span,
        _joined(hint, listed),
        replacement=Replacement(span, keyword),
        code="BOT102",
    )


def _joined(hint: str, more: str) -> str:
    return f"{hint} {more[0].upper()}{more[1:]}" if hint.endswith("?") else f"{hint}; {more}"


def _misspelled_keyword(place: Place, text: Source) -> SyntaxProblem | None:
    """`ap GET`, `Header`, `on strat`: a word where keywords were expected, close to one."""
    word = str(place.token)
    if place.kind != "NAME" or word in text.literals.values():
        return None
    keywords = frozenset(
        text.literals[name]
        for name in place.expected
        if name in text.literals and text.literals[name].isalpha()
    )
    meant = _keyword_hint(word, keywords) if keywords else None
    if meant is None:
        return None
    return text.problem(
        expected_found(place, text),
        place.span,
        meant[0],
        replacement=Replacement(place.span, meant[1]),
        code="BOT102",
    )


# Tried in order, before `dsl.common_mistakes.WORDINGS`.
MISPLACED = (
    _colon_after_header,
    _trigger_after_steps,
    _branch_under_wrong_step,
    _slash_comment,
    _unknown_declaration,
    _misspelled_line_start,
    _misspelled_keyword,
)
