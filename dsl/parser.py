"""The front door of the front end: `parse(text, filename) -> dsl.ast.Module`.

The pipeline: lark's contextual lexer -> `dsl.indentation` (layout tokens) -> the LALR
parser of `grammar/bot.lark`, which calls `dsl.builder`'s method for each rule as it
reduces it (`dsl.reductions`: the AST is built during the parse, no parse tree is). When
the file has a syntax error, each declaration is parsed on its own, and after each error
the offending statement is set aside (`dsl.recovery`) and the declaration parsed again, so
one run reports every independent error (up to `MAX_ERRORS`); they are raised together as
a `BotSyntaxError`.
"""

from __future__ import annotations

import attrs
from lark import Token
from lark.exceptions import UnexpectedInput

from botc.dsl import ast
from botc.dsl.builder import AstBuilder
from botc.dsl.diagnostics import BotSyntaxError, Diagnostic
from botc.dsl.error_context import SyntaxProblem
from botc.dsl.indentation import IndentationProblem
from botc.dsl.lark_parser import COLLECTED_COMMENTS, bot_parser, terminal_literals
from botc.dsl.recovery import declaration_blocks, set_aside
from botc.dsl.reductions import RuleCrash, build_while_parsing
from botc.dsl.syntax_errors import describe

# Past this many errors the rest of a file says little more.
MAX_ERRORS = 50
# Said when an error has no wording yet (a bug to fix; the tests look for it).
UNWORDED = "this statement cannot be read"

__all__ = ["MAX_ERRORS", "UNWORDED", "bot_parser", "parse", "terminal_literals"]


@attrs.frozen
class Parsed:
    """A text that parsed: its declarations, what the builder found wrong, its comments."""

    declarations: tuple[ast.Declaration, ...]
    problems: list[Diagnostic]
    # "a part is missing": the one kind of problem a recovered error can cause.
    completeness_problems: list[Diagnostic]
    comments: list[Token]


def parse(text: str, filename: str) -> ast.Module:
    """The module written in `text`; raises `BotSyntaxError` with every error found.

    `filename` is only used in the module and its diagnostics.
    """
    # An editor's byte-order mark is not part of the text (and takes no column).
    text = text.removeprefix("\ufeff")
    outcome = _parse_once(text, filename)
    if isinstance(outcome, SyntaxProblem):
        # Each declaration on its own, so that finding N errors costs N small parses.
        diagnostics: dict[tuple[int, int, str], Diagnostic] = {}
        for block in declaration_blocks(text):
            # A declaration's first line is read twice: with its block and the one before.
            for diagnostic in _errors_in(block, filename):
                key = (diagnostic.span.line, diagnostic.span.column, diagnostic.message)
                diagnostics.setdefault(key, diagnostic)
            if len(diagnostics) >= MAX_ERRORS:
                break
        raise BotSyntaxError(list(diagnostics.values())[:MAX_ERRORS])
    problems = _problems(outcome, [])
    if problems:
        raise BotSyntaxError(problems)
    return ast.Module(filename, outcome.declarations, _comments(outcome.comments, text))


def _errors_in(source: str, filename: str) -> list[Diagnostic]:
    """Every error in `source`: after each, its statement is set aside and parsing goes on."""
    diagnostics: list[Diagnostic] = []
    set_aside_lines: list[int] = []
    for _ in range(MAX_ERRORS):
        outcome = _parse_once(source, filename)
        if not isinstance(outcome, SyntaxProblem):
            diagnostics.extend(_problems(outcome, set_aside_lines))
            break
        diagnostics.append(outcome.diagnostic)
        recovered = source
        for line in sorted(set(outcome.set_aside_lines), reverse=True):
            recovered = set_aside(recovered, line)
        if recovered == source:
            break
        source = recovered
        set_aside_lines.extend(outcome.set_aside_lines)
    return diagnostics


def _parse_once(source: str, filename: str) -> Parsed | SyntaxProblem:
    """The AST and comments of `source`, or its first syntax error, worded."""
    comments: list[Token] = []
    context = COLLECTED_COMMENTS.set(comments)
    builder = AstBuilder(filename)
    try:
        declarations = build_while_parsing(source, builder)
    except (UnexpectedInput, IndentationProblem) as error:
        return _worded(error, source, filename)
    except RuleCrash:  # a gap in the builder: still a located error, never a traceback
        return _after_crash(source, filename, comments)
    finally:
        COLLECTED_COMMENTS.reset(context)
    return Parsed(declarations, builder.problems, builder.completeness_problems, comments)


def _worded(
    error: UnexpectedInput | IndentationProblem, source: str, filename: str
) -> SyntaxProblem:
    try:
        return describe(error, source, filename, terminal_literals())
    except Exception:  # a gap in the wording must not hide the error itself
        line = getattr(error, "line", None) or 1
        column = getattr(error, "column", None) or 1
        span = ast.Span(line, column, line, column + 1)
        diagnostic = Diagnostic("error", UNWORDED, span, filename, code="BOT101")
        return SyntaxProblem(diagnostic, (line,))


def _after_crash(source: str, filename: str, comments: list[Token]) -> Parsed | SyntaxProblem:
    """The builder failed part way: a syntax error further on is still the error to report
    (as when the whole text was parsed before anything was built); else the crash is."""
    try:
        bot_parser().parse(source)
    except (UnexpectedInput, IndentationProblem) as error:
        return _worded(error, source, filename)
    crash = Diagnostic("error", UNWORDED, ast.Span(1, 1, 1, 2), filename, code="BOT101")
    return Parsed((), [crash], [], comments)


def _problems(parsed: Parsed, set_aside_lines: list[int]) -> list[Diagnostic]:
    """The problems the grammar could not see; a part missing from a declaration that lost
    a line to recovery is missing only because of it."""
    completeness = [
        problem
        for problem in parsed.completeness_problems
        if not _touches(parsed.declarations, problem.span.line, set_aside_lines)
    ]
    return [*parsed.problems, *completeness]


def _touches(
    declarations: tuple[ast.Declaration, ...], line: int, set_aside_lines: list[int]
) -> bool:
    for declaration in declarations:
        span = declaration.span
        if span.line <= line <= span.end_line:
            return any(span.line <= other <= span.end_line for other in set_aside_lines)
    return False


def _comments(tokens: list[Token], text: str) -> tuple[ast.Comment, ...]:
    """The comments in file order; `own_line` when nothing but blanks precede them."""
    lines = text.split("\n")
    comments = []
    for token in tokens:
        line, column = token.line or 1, token.column or 1
        before = lines[line - 1][: column - 1] if line <= len(lines) else ""
        comments.append(
            ast.Comment(
                str(token).rstrip(),
                not before.strip(),
                ast.Span(line, column, line, column + len(str(token).rstrip())),
            )
        )
    return tuple(comments)
