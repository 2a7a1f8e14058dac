"""`user says` patterns that cannot be parsed (unbalanced `(` `[`, bad `/regex/`, empty), and
regexes that never match a normalized text (a warning): upper-case letters, or a
trailing `.`, `!` or `?` that normalization strips."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.patterns import PatternError, checked_pattern, forms_problem, is_regex
from botc.compiler.positions import char_span_in_string
from botc.compiler.regex_globs import over_globs
from botc.dsl.ast import UserSays
from botc.dsl.diagnostics import Diagnostic
from botc.runtime.normalize import normalize


def check_pattern_syntax(context: CheckContext) -> Iterator[Diagnostic]:
    """An error, with the caret on the culprit, for each malformed pattern."""
    for dialog in context.module.dialogs:
        for trigger in dialog.triggers:
            if not isinstance(trigger, UserSays):
                continue
            for pattern in trigger.patterns:
                if not normalize(pattern.value):
                    yield context.error(
                        "BOT310",
                        pattern.span,
                        "this pattern is empty once normalized, and would match nothing",
                        "write the words the consumer types, or `*` for anything",
                    )
                    continue
                upper = _upper_case_in_regex(pattern.value.strip())
                if upper is not None:
                    offset = upper + (len(pattern.value) - len(pattern.value.lstrip()))
                    yield context.warning(
                        "BOT406",
                        char_span_in_string(pattern, offset),
                        "texts are matched in lower case, so this upper-case letter never "
                        "matches",
                        "write the regex in lower case, or add (?i) at its start",
                    )
                if upper is None and _ends_in_stripped_text(pattern.value.strip()):
                    yield context.warning(
                        "BOT406",
                        pattern.span,
                        "no text can match this regex: every text it matches ends with `.`, "
                        "`!`, `?` or a space, which normalization removes before matching",
                        "drop the trailing punctuation from the regex",
                    )
                try:
                    checked_pattern(pattern.value.strip())
                except PatternError as problem:
                    offset = problem.offset + (len(pattern.value) - len(pattern.value.lstrip()))
                    yield context.error(
                        "BOT309",
                        char_span_in_string(pattern, offset),
                        f"bad pattern: {problem.message}",
                        "patterns use `*`, `(a|b)`, `[optional]` or a whole `/regex/`",
                    )
                    continue
                too_many = forms_problem(normalize(pattern.value))
                if too_many is not None:
                    yield context.error(
                        "BOT605",
                        pattern.span,
                        f"the runtime would refuse this pattern: {too_many}",
                        "each star next to a space, choice and optional multiplies the forms"
                        " a pattern is matched in; split it into several patterns",
                    )


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
