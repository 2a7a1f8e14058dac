"""`user says` patterns that cannot be parsed (unbalanced `(` `[`, bad `/regex/`, empty), and
regexes that never match a normalized text (a warning): upper-case letters, or a
trailing `.`, `!` or `?` that normalization strips."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Literal, TypeAlias

from botc.compiler.checks.context import CheckContext
from botc.compiler.patterns import PatternError, checked_pattern, forms_problem, is_regex
from botc.compiler.positions import char_span_in_string
from botc.compiler.regex_globs import over_globs
from botc.dsl.ast import UserSays
from botc.dsl.diagnostics import Diagnostic
from botc.runtime.normalize import normalize


def check_pattern_syntax(context: CheckContext) -> Iterator[Diagnostic]:
    """An error, with the caret on the culprit, for each malformed pattern."""
    for dialog in context.steps.dialogs:
        for trigger in dialog.triggers:
            if not isinstance(trigger, UserSays):
                continue
            for pattern in trigger.patterns:
                for severity, code, offset, message, hint in _problems(pattern.value):
                    span = pattern.span if offset is None else char_span_in_string(pattern, offset)
                    found = context.error if severity == "error" else context.warning
                    yield found(code, span, message, hint)


# severity, code, offset in the written text (None: the whole pattern), message, hint
_Problem: TypeAlias = tuple[Literal["error", "warning"], str, int | None, str, str]


@functools.lru_cache(maxsize=1 << 16)
def _problems(written: str) -> tuple[_Problem, ...]:
    """What is wrong with the pattern written `written`, in the order reported; once per
    distinct text."""
    if not normalize(written):
        return (
            (
                "error",
                "BOT310",
                None,
                "this pattern is empty once normalized, and would match nothing",
                "write the words the consumer types, or `*` for anything",
            ),
        )
    found: list[_Problem] = []
    indent = len(written) - len(written.lstrip())
    upper = _upper_case_in_regex(written.strip())
    if upper is not None:
        found.append(
            (
                "warning",
                "BOT406",
                upper + indent,
                "texts are matched in lower case, so this upper-case letter never matches",
                "write the regex in lower case, or add (?i) at its start",
            )
        )
    if upper is None and _ends_in_stripped_text(written.strip()):
        found.append(
            (
                "warning",
                "BOT406",
                None,
                "no text can match this regex: every text it matches ends with `.`, "
                "`!`, `?` or a space, which normalization removes before matching",
                "drop the trailing punctuation from the regex",
            )
        )
    try:
        checked_pattern(written.strip())
    except PatternError as problem:
        found.append(
            (
                "error",
                "BOT309",
                problem.offset + indent,
                f"bad pattern: {problem.message}",
                "patterns use `*`, `(a|b)`, `[optional]` or a whole `/regex/`",
            )
        )
        return tuple(found)
    too_many = forms_problem(normalize(written))
    if too_many is not None:
        found.append(
            (
                "error",
                "BOT605",
                None,
                f"the runtime would refuse this pattern: {too_many}",
                "each star next to a space, choice and optional multiplies the forms"
                " a pattern is matched in; split it into several patterns",
            )
        )
    return tuple(found)


def _upper_case_in_regex(pattern: str) -> int | None:
    """The offset of the first upper-case letter a `/regex/` matches literally, if any.

    Escapes (`\\S`, `\\D`, ...), `(?P<Name>` group names and `(?i)` regexes are left alone.
    """
    if not is_regex(pattern) or "(?i" in pattern:
        return None
    position = 1
    while position < len(pattern) - 1:
        char = pattern[position]
        if pattern.startswith("\\N{", position):  # a named character, `\N{DIGIT ONE}`
            end = pattern.find("}", position)
            position = end + 1 if end > 0 else len(pattern)
            continue
        if char == "\\":
            position += 2
            continue
        if pattern.startswith("(?P<", position) or pattern.startswith("(?P=", position):
            end = pattern.find(">" if pattern[position + 3] == "<" else ")", position)
            position = end + 1 if end > 0 else len(pattern)
            continue
        if char.isupper():
            return position
        position += 1
    return None


def _ends_in_stripped_text(pattern: str) -> bool:
    """True when every text the `/regex/` fully matches ends with a character that
    normalization strips (LANGUAGE.md 4.1), judged on its glob forms."""
    if not is_regex(pattern):
        return False
    globs = over_globs(pattern[1:-1])
    if not globs:
        return False
    return all(
        glob.literals[-1] != "" and glob.literals[-1][-1] in _STRIPPED for glob in globs
    )


_STRIPPED = ".!? "
