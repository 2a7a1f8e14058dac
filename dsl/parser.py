"""The front door of the front end: `parse(text, filename) -> dsl.ast.Module`.

The pipeline: lark's contextual lexer -> `dsl.indentation` (layout tokens) -> the LALR
parser of `grammar/bot.lark` -> `dsl.builder` (AST). When the file has a syntax error, each
declaration is parsed on its own, and after each error the offending statement is set
aside (`dsl.recovery`) and the declaration parsed again, so one run reports every
independent error (up to `MAX_ERRORS`); they are raised together as a `BotSyntaxError`.
"""

from __future__ import annotations

from lark import Token, Tree
from lark.exceptions import UnexpectedInput, VisitError

from botc.dsl import ast
from botc.dsl.builder import AstBuilder
from botc.dsl.diagnostics import BotSyntaxError, Diagnostic
from botc.dsl.error_context import SyntaxProblem
from botc.dsl.indentation import IndentationProblem
from botc.dsl.lark_parser import COLLECTED_COMMENTS, bot_parser, terminal_literals
from botc.dsl.recovery import declaration_blocks, set_aside
from botc.dsl.syntax_errors import describe

# Past this many errors the rest of a file says little more.
MAX_ERRORS = 50
# Said when an error has no wording yet (a bug to fix; the tests look for it).
UNWORDED = "this statement cannot be read"

__all__ = ["MAX_ERRORS", "UNWORDED", "bot_parser", "parse", "terminal_literals"]


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
    tree, comments = outcome
    declarations, problems = _build(tree, filename, [])
    if problems:
        raise BotSyntaxError(problems)
    return ast.Module(filename, declarations, _comments(comments, text))


def _errors_in(source: str, filename: str) -> list[Diagnostic]:
    """Every error in `source`: after each, its statement is set aside and parsing goes on."""
    diagnostics: list[Diagnostic] = []
    set_aside_lines: list[int] = []
    for _ in range(MAX_ERRORS):
        outcome = _parse_once(source, filename)
        if not isinstance(outcome, SyntaxProblem):
            diagnostics.extend(_build(outcome[0], filename, set_aside_lines)[1])
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


def _parse_once(source: str, filename: str) -> tuple[Tree[Token], list[Token]] | SyntaxProblem:
    """The parse tree and comments of `source`, or its first syntax error, worded."""
    comments: list[Token] = []
    context = COLLECTED_COMMENTS.set(comments)
    try:
        return bot_parser().parse(source), comments
    except (UnexpectedInput, IndentationProblem) as error:
        try:
            return describe(error, source, filename, terminal_literals())
        except Exception:  # a gap in the wording must not hide the error itself
            line = getattr(error, "line", None) or 1
            column = getattr(error, "column", None) or 1
            span = ast.Span(line, column, line, column + 1)
            diagnostic = Diagnostic("error", UNWORDED, span, filename, code="BOT101")
            return SyntaxProblem(diagnostic, (line,))
    finally:
        COLLECTED_COMMENTS.reset(context)


def _build(
    tree: Tree[Token], filename: str, set_aside_lines: list[int]
) -> tuple[tuple[ast.Declaration, ...], list[Diagnostic]]:
    """The declarations of a parse tree, and the problems the grammar could not see."""
    builder = AstBuilder(filename)
    try:
        declarations: tuple[ast.Declaration, ...] = builder.transform(tree)
    except VisitError:  # a gap in the builder: still a located error, never a traceback
        return (), [Diagnostic("error", UNWORDED, ast.Span(1, 1, 1, 2), filename, code="BOT101")]
    # A declaration that lost a line to recovery may be incomplete only because of it.
    completeness = [
        problem
        for problem in builder.completeness_problems
        if not _touches(declarations, problem.span.line, set_aside_lines)
    ]
    return declarations, [*builder.problems, *completeness]


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
