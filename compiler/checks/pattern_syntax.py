"""`user says` patterns that cannot be parsed: unbalanced `(` `[`, bad `/regex/`, empty."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.checks.context import CheckContext
from compiler.patterns import PatternError, parse_pattern
from compiler.positions import char_span_in_string
from dsl.ast import UserSays
from dsl.diagnostics import Diagnostic
from runtime.normalize import normalize


def check_pattern_syntax(context: CheckContext) -> Iterator[Diagnostic]:
    """An error, with the caret on the culprit, for each malformed pattern."""
    for dialog in context.module.dialogs:
        for trigger in dialog.triggers:
            if not isinstance(trigger, UserSays):
                continue
            for pattern in trigger.patterns:
                if not normalize(pattern.value):
                    yield context.error(
                        pattern.span,
                        "this pattern is empty once normalized, and would match nothing",
                        "write the words the consumer types, or `*` for anything",
                    )
                    continue
                try:
                    parse_pattern(pattern.value.strip())
                except PatternError as problem:
                    offset = problem.offset + (len(pattern.value) - len(pattern.value.lstrip()))
                    yield context.error(
                        char_span_in_string(pattern, offset),
                        f"bad pattern: {problem.message}",
                        "patterns use `*`, `(a|b)`, `[optional]` or a whole `/regex/`",
                    )
