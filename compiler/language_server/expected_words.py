"""The keywords the grammar accepts at the start of a line, asked of the parser itself.

The declaration holding the line is fed to lark's interactive LALR parser up to the
line's indentation (a control character stands for the cursor, so lexing or parsing stops
there after the layout tokens went out); the terminals the parser would then accept
are the keywords that may start that line. A keyword that can only go on with more
keywords is completed into its phrase by asking again (`user` -> `user says`, `on` ->
`on start`, `on rich content`, ...). None when the text before the cursor does not
parse, and the caller falls back on a coarser guess.
"""

from __future__ import annotations

from lark import Token
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedToken
from lark.parsers.lalr_interactive_parser import InteractiveParser

from botc.dsl.indentation import IndentationProblem
from botc.dsl.parser import bot_parser, terminal_literals

_CURSOR = "\x01"  # no terminal matches it
_PHRASE_DEPTH = 3


def expected_keywords(lines: list[str], line: int, indent: int) -> list[str] | None:
    """The keyword phrases that may start line `line` (0-based) indented by `indent`."""
    parser = _parser_at(lines, line, indent)
    if parser is None:
        return None
    literals = terminal_literals()
    phrases: list[str] = []
    for terminal in sorted(_keywords(_accepts(parser), literals)):
        phrases.extend(_phrases(parser, terminal, literals[terminal], literals, _PHRASE_DEPTH))
    return sorted(dict.fromkeys(phrases))


def _parser_at(lines: list[str], line: int, indent: int) -> InteractiveParser | None:
    start = _declaration_start(lines, line) if indent else line
    before = "\n".join(lines[start:line])
    text = f"{before}\n{' ' * indent}{_CURSOR}" if start < line else f"{' ' * indent}{_CURSOR}"
    parser = bot_parser().parse_interactive(text)
    try:
        for _ in parser.iter_parse():
            pass
    except UnexpectedCharacters as stop:
        if stop.pos_in_stream != len(text) - 1:
            return None
    except UnexpectedToken as stop:  # the cursor lexed as some catch-all terminal
        if stop.token.start_pos != len(text) - 1:
            return None
    except (LarkError, IndentationProblem):
        return None
    return parser


def _accepts(parser: InteractiveParser) -> set[str]:
    accepted: set[str] = parser.accepts()  # type: ignore[no-untyped-call]
    return accepted


def _declaration_start(lines: list[str], line: int) -> int:
    """The nearest line at or above `line - 1` that starts a declaration."""
    for number in range(min(line, len(lines)) - 1, -1, -1):
        text = lines[number]
        if text[:1].strip() and not text.startswith("#"):
            return number
    return line


def _keywords(terminals: set[str], literals: dict[str, str]) -> set[str]:
    return {name for name in terminals if literals.get(name, "").isalpha()}


def _phrases(
    parser: InteractiveParser, terminal: str, phrase: str, literals: dict[str, str], depth: int
) -> list[str]:
    """`phrase`, or its longer forms when only keywords may follow it."""
    if depth == 0:
        return [phrase]
    after: InteractiveParser = parser.copy()  # type: ignore[no-untyped-call]
    try:
        after.feed_token(Token(terminal, literals[terminal]))
        following = _accepts(after)
    except LarkError:
        return [phrase]
    keywords = _keywords(following, literals)
    if not keywords or keywords != following:
        return [phrase]
    longer: list[str] = []
    for name in sorted(keywords):
        longer.extend(_phrases(after, name, f"{phrase} {literals[name]}", literals, depth - 1))
    return longer
