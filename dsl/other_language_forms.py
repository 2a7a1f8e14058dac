"""Statements written as another language (or a guess) would write them, each worded by
one small function with the `.bot` form.

`if x == "y":`, `else ->`, `say f"Hi {name}"`, `url "..."` in an integration,
`default "..."` in the `bot` block and `dialog check-balance` are what a newcomer from
Python or another bot tool types first. `OTHER_LANGUAGE_WORDINGS` is tried by
`dsl.syntax_errors` before the general wordings of `dsl.common_mistakes`.
"""

from __future__ import annotations

import re

from botc.dsl.ast import Span
from botc.dsl.diagnostics import Replacement
from botc.dsl.error_context import Place, Source, SyntaxProblem

_PYTHON_ELSE = ("else", "elif", "default")
_REQUEST_WORDS = ("url", "uri", "endpoint", "get", "post", "put", "patch", "delete", "method")
_FIELD = re.compile(r"\{\s*([A-Za-z_][\w.\[\]]*)\s*\}")


def _if_statement(place: Place, text: Source) -> SyntaxProblem | None:
    """`if answer == "yes":`: conditions are branches of an `ask` or a `call`."""
    stripped = place.line_text.strip()
    if place.expected != {"COLON"} or not re.match(r"(el)?if\b", stripped):
        return None
    condition = re.sub(r"^(el)?if\s+", "", stripped).rstrip(":").strip() or "EXPRESSION"
    start = place.line_text.index(stripped[:2]) + 1
    return text.problem(
        "there is no `if` step: a condition is a `when` branch of an `ask` or a `call`",
        Span(place.line, start, place.line, start + len(stripped.split()[0])),
        f"under the `ask` or `call` that sets the value, write `when {condition} -> label`",
        code="BOT103",
    )


def _else_branch(place: Place, text: Source) -> SyntaxProblem | None:
    """`else -> label` under an `ask`: its catch-all branch is `otherwise`."""
    word = str(place.token)
    if "OTHERWISE" not in place.expected or word not in _PYTHON_ELSE or not place.starts_line:
        return None
    rest = place.line_text[place.span.end_column - 1 :].strip().lstrip(":").strip()
    return text.problem(
        f"`{word}` is not a branch: an `ask`'s catch-all branch is `otherwise`",
        place.span,
        f"write `otherwise {rest}`" if rest.startswith("->") else "write `otherwise -> label`",
        replacement=Replacement(place.span, "otherwise"),
        code="BOT103",
    )


def _f_string(place: Place, text: Source) -> SyntaxProblem | None:
    """`say f"Hi {name}"`: a template is a plain string with `{{ }}` blocks."""
    after = place.line_text[place.span.end_column - 1 :]
    if str(place.token) != "f" or "STRING" not in place.expected or not after.startswith('"'):
        return None
    written = after.rstrip()
    fixed = _FIELD.sub(r"{{ \1 }}", written)
    return text.problem(
        "f-strings are Python: a text is a plain quoted string, with `{{ name }}` where a "
        "value goes",
        place.span,
        f"write `{place.line_text[: place.column - 1].strip()} {fixed}`",
        replacement=Replacement(
            Span(place.line, place.column, place.line, place.column + 1 + len(written)), fixed
        ),
        code="BOT103",
    )


def _request_line(place: Place, text: Source) -> SyntaxProblem | None:
    """`url "https://..."` in an integration: the request line is `api METHOD "url"`."""
    word = str(place.token)
    if not {"API", "FILE"} <= place.expected or word.lower() not in _REQUEST_WORDS:
        return None
    url = re.search(r'"[^"]*"', place.line_text)
    method = word.upper() if word.lower() not in ("url", "uri", "endpoint", "method") else "GET"
    shown = url.group(0) if url else '"https://example.com/..."'
    return text.problem(
        f"an integration's request is written `api METHOD \"url\"`, found {place.found}",
        place.span,
        f"write `api {method} {shown}` (or `file POST {shown}` to upload the consumer's file)",
        code="BOT103",
    )


def _default_without_response(place: Place, text: Source) -> SyntaxProblem | None:
    """`default "Sorry."` in the `bot` block: the setting is `default response`."""
    if place.expected != {"RESPONSE"} or place.kind != "STRING":
        return None
    return text.problem(
        "the setting is `default response`",
        place.span,
        f"write `default response {place.token}`",
        replacement=Replacement(
            Span(place.line, place.column, place.line, place.column), "response "
        ),
        code="BOT103",
    )


def _name_with_a_dash(place: Place, text: Source) -> SyntaxProblem | None:
    """`dialog check-balance`: names are letters, digits and `_`."""
    declaration = place.keyword in ("dialog", "integration", "function")
    if not str(place.token).startswith("-") or not declaration:
        return None
    name = re.match(rf"\s*{place.keyword}\s+([\w-]+)", place.line_text)
    if name is None:
        return None
    fixed = name.group(1).replace("-", "_")
    span = Span(place.line, name.start(1) + 1, place.line, name.end(1) + 1)
    return text.problem(
        f"a name is letters, digits and `_`, so `{name.group(1)}` cannot be one",
        span,
        f"write `{place.keyword} {fixed}`",
        replacement=Replacement(span, fixed),
        code="BOT103",
    )


# Tried in order, before the general wordings.
OTHER_LANGUAGE_WORDINGS = (
    _if_statement,
    _else_branch,
    _f_string,
    _request_line,
    _default_without_response,
    _name_with_a_dash,
)
