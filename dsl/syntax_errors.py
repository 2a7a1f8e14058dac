"""Syntax errors worded for bot authors.

`describe(error, source, filename)` turns what lark (or the indentation post-lexer) raised
into one `Diagnostic`: where, what was expected in the language's own words (never a
terminal's name), and a hint that shows the right form of the statement at hand.
"""

from __future__ import annotations

import re

import attrs
from lark import Token
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from dsl.ast import Span
from dsl.diagnostics import Diagnostic
from dsl.indentation import IndentationProblem

# How each named terminal reads in a message. Keywords and punctuation read as themselves.
TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a quoted text",
    "INT": "a whole number",
    "NUMBER": "a number",
    "DURATION": "a duration like `5s`",
    "SIZE": "a size like `512kb`",
    "METHOD": "an HTTP method",
    "EXPR": "an expression",
    "_ARROW": "`->`",
    "_NL": "the end of the line",
    "_INDENT": "an indented block",
    "_DEDENT": "the end of the block",
    "$END": "the end of the file",
}

_DECLARATIONS = "a declaration (`bot`, `integration`, `function`, `dialog` or `test`)"
_STEP_WORDS = {
    "say",
    "card",
    "pause",
    "ask",
    "call",
    "upload",
    "escalate",
    "invoke",
    "signal",
    "secure",
    "close",
    "priority",
    "set",
    "goto",
    "end",
}

# Whole families of keywords that a message names by what they are.
FAMILIES = {
    _DECLARATIONS: {
        "BOT",
        "INTEGRATION",
        "FUNCTION",
        "DIALOG",
        "TEST",
    },
    "a step": {"SAY", "ASK", "CALL", "GOTO", "SET", "PAUSE", "CARD", "ESCALATE", "CLOSE"},
    "a test line (`user`, `bot`, `expect`...)": {"USER", "BOT", "EXPECT", "START", "AGENTS"},
    "a JSON value": {"LBRACE", "LSQB", "STRING", "NUMBER", "TRUE", "FALSE", "NULL"},
}

TEST_LINES = (
    "start, user, upload, NAME returns, NAME fails, rich content, signal, bot, agents and expect"
)

STEP_KEYWORDS = (
    "say, card, pause, ask, call, upload, escalate, invoke, signal, secure form, close, "
    "priority, set, goto and end"
)

_HINTS = {
    "bot": 'the bot block looks like `bot "Acme Bank"`, with `default response "..."` '
    "and `escalation attempts 4` indented under it",
    "integration": "an integration looks like `integration Balance`, with "
    '`api GET "https://..."` indented under it',
    "api": 'write it as `api GET "https://example.com/{{ account }}"`',
    "file": 'write it as `file POST "https://example.com/upload"`',
    "header": 'a header is a quoted name and a quoted value: `header "Accept" "text/plain"`',
    "timeout": "write a duration as `250ms`, `5s` or `3m`",
    "pause": "write it as `pause 4s` or `pause 4s without typing`",
    "store": "write it as `store balance = response.body.balance`",
    "function": 'write it as `function recommend "4f9c233a-e7e6-4af3-b680-59ba20ab8962"`',
    "dialog": "a dialog looks like `dialog greeting`, with its triggers and steps indented "
    "under it",
    "user": 'patterns are quoted and separated by commas: `user says "hi", "hello *"`',
    "on": "triggers look like `on start`, `on fallback`, `on rich content` or `on signal`; "
    "call branches like `on success -> label`",
    "intent": 'write it as `intent "check-balance" "Check account balance" confidence 0.9`',
    "say": 'write it as `say "Hello!"` or `say to agents "..."`, with options like '
    '`quick replies "Yes", "No"` indented under it',
    "card": 'write it as `card {"type": "text", "text": "Hi"}` or `card file "card.json"`',
    "metadata": 'metadata is a JSON array: `metadata [{"type": "ExternalId", "id": "A1"}]`',
    "encoded": 'write it as `encoded metadata "base64..."`',
    "quick": 'write it as `quick replies "Yes", "No"`',
    "ask": 'write it as `ask account "What is your account number?"`',
    "when": "branches look like `when answer is number -> label`",
    "otherwise": "write it as `otherwise -> label`",
    "call": "write it as `call Balance`, with branches like `on success -> label` under it",
    "upload": 'write it as `upload "Please upload your ID"`, with `accept pdf, png` under it',
    "accept": "write the file types as names separated by commas: `accept pdf, jpeg, png`",
    "success": 'write it as `success "Thanks, got it."`',
    "failure": 'write it as `failure "That did not work."`',
    "invalid": 'write it as `invalid "Upload one of these types: {types}."`',
    "progress": 'write it as `progress "Processing the file..."`',
    "escalate": 'write it as `escalate to skill 1234 "Connecting you..."` or '
    '`escalate to skill named "billing"`',
    "invoke": 'write it as `invoke recommend payload {"key": "value"} fail on error`',
    "signal": 'write it as `signal {"type": "event"}` (in a test: `signal "payload"`)',
    "secure": 'write it as `secure form 4510014332 "Your details"`',
    "close": "write it as `close` or `close without survey`",
    "priority": "write it as `priority urgent`, `normal`, `prioritized` or `custom 120s`",
    "set": "write it as `set FIELD = expression` or `set botContext.NAME = expression`",
    "goto": "write it as `goto label` or `goto dialog NAME`",
    "end": "`end` stands alone on its line",
    "test": 'a test looks like `test "happy path"`, with its lines indented under it',
    "start": 'write it as `start` or `start "last message"`',
    "expect": "write it as `expect transfer to skill 1234`, `expect close`, `expect card`, "
    "`expect pause 4s`, `expect invoke NAME`, `expect signal`, `expect secure form N`, "
    "`expect priority urgent` or `expect nothing`",
    "rich": 'write it as `rich content {"type": "map"}`',
    "agents": 'write it as `agents "text"`',
}

_BLOCK_HINTS = {
    "dialog": "indent the triggers and steps of a dialog under it",
    "integration": "indent the lines of an integration (`api`, `header`, `store`...) under it",
    "test": "indent the lines of a test under it",
}

_JSON_TERMINALS = {
    "STRING",
    "NUMBER",
    "COMMA",
    "COLON",
    "LBRACE",
    "RBRACE",
    "LSQB",
    "RSQB",
    "TRUE",
    "FALSE",
    "NULL",
}

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LABEL = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*:(?!\S*\")")


@attrs.frozen
class SyntaxProblem:
    """A worded syntax error, and the lines whose statements recovery should set aside."""

    diagnostic: Diagnostic
    set_aside_lines: tuple[int, ...]


@attrs.frozen
class _Source:
    lines: tuple[str, ...]
    filename: str
    literals: dict[str, str]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def problem(
        self, message: str, span: Span, hint: str | None, lines: tuple[int, ...] = ()
    ) -> SyntaxProblem:
        diagnostic = Diagnostic("error", message, span, self.filename, hint)
        return SyntaxProblem(diagnostic, lines or (span.line,))


def describe(
    error: UnexpectedInput | IndentationProblem,
    source: str,
    filename: str,
    literals: dict[str, str],
) -> SyntaxProblem:
    """The worded problem for a syntax error raised while parsing `source`.

    `literals` maps the grammar's keyword and punctuation terminals to their text."""
    text = _Source(tuple(source.split("\n")), filename, literals)
    if isinstance(error, IndentationProblem):
        span = Span(error.line, error.column, error.line, error.column + max(error.width, 1))
        return text.problem(error.message, span, error.hint)
    if isinstance(error, UnexpectedToken):
        return _unexpected_token(error, text)
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, text)
    line, column = error.line or 1, error.column or 1
    return text.problem("this line cannot be read", Span(line, column, line, column + 1), None)


def _unexpected_character(error: UnexpectedCharacters, text: _Source) -> SyntaxProblem:
    line, column = error.line, error.column
    line_text = text.line(line)
    if error.char == '"':
        return text.problem(
            "this string has no closing quote",
            Span(line, column, line, max(len(line_text) + 1, column + 1)),
            'end it with `"` on the same line; write a line break inside it as `\\n`',
        )
    expected = _words(set(error.allowed or ()) - {"_NL", "WS", "COMMENT"}, text.literals)
    return text.problem(
        f"unexpected `{error.char}`" + (f": expected {expected}" if expected else ""),
        Span(line, column, line, column + 1),
        _HINTS.get(_statement_keyword(line_text)),
    )


def _parser_expects(error: UnexpectedToken) -> tuple[set[str], Token | None]:
    """The terminals the parser could take at the error, and the innermost open JSON
    bracket (None outside JSON).

    lark's own `expected` is the contextual lexer's set when the lexer failed first, which
    holds terminals the parser would not take (the line break is always there)."""
    cursor = error.interactive_parser
    if cursor is None:
        return set(error.expected), None
    try:
        expected = {str(name) for name in cursor.accepts()}  # type: ignore[no-untyped-call]
    except LarkError:  # the table walk is best effort; lark's own set is still right
        expected = set(error.expected)
    openers = [
        value
        for value in cursor.parser_state.value_stack
        if isinstance(value, Token) and value.type in ("LBRACE", "LSQB")
    ]
    return expected or set(error.expected), openers[-1] if openers else None


def _unexpected_token(error: UnexpectedToken, text: _Source) -> SyntaxProblem:
    token = error.token
    expected, opener = _parser_expects(error)
    kind = token.type
    if kind == "_INDENT":
        line, column = (int(part) for part in str(token).split(":"))
        return text.problem(
            "this line is indented, but the line above it opens no block",
            Span(line, column, line, max(len(text.line(line)) + 1, column + 1)),
            "only the lines of a declaration, and the options or branches of a step, are "
            "indented; line it up with the line above",
        )
    if kind in ("_NL", "_DEDENT", "$END"):
        # These sit at the end of the statement they cut short.
        line, column = token.end_line or 1, token.end_column or 1
        if kind == "$END":
            line, column = _end_of_text(text.lines)
        span = Span(line, column, line, column + 1)
        found = "the end of the file" if kind == "$END" else "the end of the line"
        statement_line = line
    else:
        line, column = token.line or 1, token.column or 1
        span = Span(line, column, line, token.end_column or column + 1)
        found = _found(kind, str(token))
        statement_line = _previous_statement(text.lines, line)
    line_text = text.line(line)
    keyword = _statement_keyword(line_text)
    if column <= len(line_text) - len(line_text.lstrip()) + 1:
        keyword = ""  # the statement's first word is the problem: its usual form won't help
    if "_INDENT" in expected and len(expected - {"_DEDENT"}) == 1:
        header = text.line(statement_line)
        return text.problem(
            f"expected the indented lines of `{header.strip()}`, found {found}",
            span,
            _BLOCK_HINTS.get(_statement_keyword(header), "indent the lines that belong to it"),
            (statement_line, line),
        )
    if opener is not None and line > (opener.line or 1) and kind not in _JSON_TERMINALS:
        # The value ran on into the next statement: its bracket was never closed.
        opener_line, opener_column = opener.line or 1, opener.column or 1
        closer = "}" if opener.type == "LBRACE" else "]"
        return text.problem(
            f"this `{opener}` is never closed",
            Span(opener_line, opener_column, opener_line, opener_column + 1),
            f"close it with `{closer}` before the end of the statement",
            (_statement_start(text.lines, opener_line),),
        )
    if opener is not None:
        return text.problem(
            f"bad JSON: expected {_words(expected, text.literals)}, found {found}",
            span,
            "JSON keys and strings are double-quoted, items are separated by commas, and "
            "the last item has no comma after it",
            (_statement_start(text.lines, opener.line or 1),),
        )
    if FAMILIES[_DECLARATIONS] <= expected and str(token) in _STEP_WORDS:
        return text.problem(
            f"`{token}` is a step, so it belongs inside a dialog",
            span,
            "indent it under the dialog it belongs to",
        )
    if expected == {"COLON"} and kind != "COLON":
        return _not_a_step(_last_word(line_text, column), line, line_text, text)
    if kind == "COLON" and "COLON" not in expected:
        word = _last_word(line_text, column)
        return text.problem(
            f"`{word}` is a keyword here, so it cannot be a label",
            _word_span(line_text, line, word),
            "choose another name for the label",
        )
    if expected == {"RETURNS", "FAILS"}:
        word = _last_word(line_text, column)
        return text.problem(
            f"`{word}` is not a test line",
            _word_span(line_text, line, word),
            f"the lines of a test are {TEST_LINES}",
        )
    if keyword == "say" and "STRING" in expected:
        rest = line_text.split("say", 1)[1].strip().replace('"', "")
        hint = f'write it as `say "{rest}"`' if rest else _HINTS["say"]
        return text.problem("a `say` needs a quoted text", span, hint)
    if "_ARROW" in expected:
        return text.problem(
            f"a branch needs `->` and a target, found {found}",
            span,
            "branches look like `on success -> label`, `when answer is number -> label` or "
            "`otherwise -> dialog help`",
        )
    if {"NEXT", "END", "DIALOG"} <= expected:
        return text.problem(
            f"expected a target after `->` (a label, `dialog NAME`, `next` or `end`), "
            f"found {found}",
            span,
            "branches look like `on success -> label`",
        )
    if (
        str(token) in _STEP_WORDS
        and kind != "NAME"
        and not expected & {"SAY", "END", "GOTO"}
        and column == len(line_text) - len(line_text.lstrip()) + 1
    ):
        return text.problem(
            f"this `{token}` is indented too far",
            span,
            "a step lines up with the step above it; only a step's options and branches "
            "go under it",
        )
    if expected == {"SUCCESS", "FAILURE"}:
        return text.problem(
            f"expected `success` or `failure`, found {found}",
            span,
            "call branches look like `on success -> label` or `on failure -> label`",
        )
    if expected == {"EXPR"}:
        message = f"expected an expression, found {found}"
    elif expected == {"DURATION"}:
        message = f"expected a duration like `5s`, `250ms` or `3m`, found {found}"
    elif expected == {"SIZE"}:
        message = f"expected a size like `512kb` or `5mb`, found {found}"
    elif expected == {"METHOD"}:
        message = f"expected an HTTP method (GET, POST, PUT, PATCH or DELETE), found {found}"
    else:
        message = f"expected {_words(expected, text.literals)}, found {found}"
    return text.problem(message, span, _HINTS.get(keyword))


def _not_a_step(word: str, line: int, line_text: str, text: _Source) -> SyntaxProblem:
    span = _word_span(line_text, line, word)
    if word in ("when", "otherwise"):
        return text.problem(
            f"a `{word}` branch belongs to an `ask` or a `call`",
            span,
            "indent it under the `ask` or `call` it belongs to",
        )
    if word in ("quick", "metadata", "encoded"):
        return text.problem(
            f"`{word}` is an option of a message",
            span,
            "indent it under the `say`, `card` or `ask` it belongs to",
        )
    if word in ("accept", "success", "failure", "invalid", "progress"):
        return text.problem(
            f"`{word}` is a setting of an `upload`", span, "indent it under its `upload`"
        )
    return text.problem(
        f"`{word}` is not a step",
        span,
        f"the steps are {STEP_KEYWORDS}; a label is written `name: step`",
    )


def _words(expected: set[str], literals: dict[str, str]) -> str:
    names = set(expected)
    words: list[str] = []
    for family, members in FAMILIES.items():
        if members <= names:
            words.append(family)
            names -= members
            if family.startswith("a step"):
                names -= _step_terminals(names)
    names.discard("_DEDENT")
    if len(names) > 1 or words:
        names.discard("$END")  # obvious, and it makes a long list longer
    for name in sorted(names, key=_sort_key):
        word = TERMINAL_WORDS.get(name) or (f"`{literals[name]}`" if name in literals else None)
        if word is None:
            word = f"`{name.lower()}`"
        if word not in words:
            words.append(word)
    if not words:
        return "something else"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _step_terminals(names: set[str]) -> set[str]:
    step_words = {
        "CARD",
        "PAUSE",
        "UPLOAD",
        "ESCALATE",
        "INVOKE",
        "SIGNAL",
        "SECURE",
        "CLOSE",
        "PRIORITY",
        "SET",
        "GOTO",
        "END",
        "NAME",
    }
    return names & step_words


def _sort_key(name: str) -> tuple[int, str]:
    return (1 if name.startswith("_") or name == "$END" else 0, name)


def _found(kind: str, value: str) -> str:
    if kind == "STRING":
        return f"the text {value}"
    if kind in ("INT", "NUMBER"):
        return f"the number {value}"
    shown = value if len(value) <= 30 else value[:27] + "..."
    return f"`{shown}`"


def _statement_keyword(text: str) -> str:
    """The word a statement line starts with, after its `label:` if any."""
    stripped = text.strip()
    label = _LABEL.match(stripped)
    if label is not None:
        stripped = stripped[label.end() :].strip()
    match = _WORD.match(stripped)
    return match.group(0) if match else ""


def _previous_statement(lines: tuple[str, ...], line: int) -> int:
    """The number of the last line before `line` that holds a statement (or `line`)."""
    for index in range(min(line - 2, len(lines) - 1), -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return line


def _statement_start(lines: tuple[str, ...], line: int) -> int:
    """The line where the statement holding `line` starts (a JSON value may span lines)."""
    depth = 0
    for index in range(line - 1, -1, -1):
        text = lines[index]
        depth += text.count("}") + text.count("]") - text.count("{") - text.count("[")
        # A line with a bracket still open at `line` that does not start inside JSON.
        if depth <= 0 and text.strip() and not text.lstrip().startswith(("{", "[", "}", "]", '"')):
            return index + 1
    return line


def _last_word(text: str, column: int) -> str:
    before = text[: column - 1].rstrip()
    words = _WORD.findall(before)
    return words[-1] if words else before


def _word_span(text: str, line: int, word: str) -> Span:
    start = text.find(word) + 1 or 1
    return Span(line, start, line, start + max(len(word), 1))


def _end_of_text(lines: tuple[str, ...]) -> tuple[int, int]:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index + 1, len(lines[index].rstrip()) + 1
    return 1, 1
