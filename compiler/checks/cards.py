"""`card` content: the file of `card file` must exist and be JSON, the content must keep
the json-pollock rules, and its string leaves must be templates Jinja2 can parse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from botc.compiler.card_files import CardFileError, read_card_file
from botc.compiler.checks.context import CheckContext
from botc.compiler.jinja_syntax import template_problem
from botc.compiler.json_leaves import string_leaves
from botc.compiler.pollock_rules import card_problems
from botc.dsl.ast import CardStep
from botc.dsl.diagnostics import Diagnostic


def check_cards(context: CheckContext) -> Iterator[Diagnostic]:
    """Errors for unreadable card files and for content that breaks json-pollock rules."""
    for _, step in context.steps.of_kind(CardStep):
        content: Any
        if step.file is not None:
            try:
                content = read_card_file(context.base_dir, step.file.value)
            except CardFileError as problem:
                yield context.error(
                    "BOT305",
                    step.file.span, str(problem),
                    "the path is relative to the folder of the .bot file",
                )
                continue
            yield from _file_templates(context, step, content)
        elif step.content is not None:
            content = step.content.value
        else:
            continue
        for path, message in card_problems(content):
            yield context.error(
                "BOT304",
                step.span,
                f"this card is not valid structured content: at {path}: {message}",
                "see the json-pollock schema for the element at that path",
            )


def _file_templates(context: CheckContext, step: CardStep, content: Any) -> Iterator[Diagnostic]:
    """Template syntax of a card file's string leaves (inline cards are checked with the
    other templates)."""
    for path, leaf in string_leaves(content):
        problem = template_problem(leaf)
        if problem is not None:
            assert step.file is not None
            yield context.error(
                "BOT301",
                step.file.span,
                f"the template at {path} in {step.file.value!r} cannot be parsed: "
                f"{problem.message}",
                "check the `{{ ... }}` blocks: each holds one Jinja2 expression",
            )

