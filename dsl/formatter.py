"""The canonical layout of a `.bot` file: `format_module(module) -> str`.

One layout for every file: 4-space indents, one blank line between declarations and
none inside them (nor anywhere else, but after comments that a blank line set apart from
the declaration below them), settings in a fixed order, strings with canonical escapes
(`dsl.literals.quote`), JSON as `json.dumps(..., ensure_ascii=False)` writes it: on one
line when it is short, else one member a line, 4 spaces deeper, each member again on one
line when it is short (`json_text`). Comments are kept: a comment on a line of its own
stays before the statement that followed it, a comment after a statement stays at the
end of that statement's line. Parsing the result gives back an equal module, and
formatting is idempotent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, assert_never

from botc.dsl import ast
from botc.dsl.literals import quote

INDENT = "    "


def format_module(module: ast.Module) -> str:
    """The canonical text of `module`, ending with one line break (empty for an empty file)."""
    printer = _Printer(module.comments)
    for index, declaration in enumerate(module.declarations):
        if index:
            printer.blank()
        _DECLARATIONS[type(declaration)](printer, declaration)
    printer.flush_comments(None, 0)
    return "\n".join(printer.lines) + "\n" if printer.lines else ""


# How many characters of JSON (a member's name included) go on one line before the value
# is spread over several lines.
JSON_WIDTH = 80


def json_text(value: Any) -> str:
    """A JSON value, `", "` and `": "` between items, non-ASCII as is: on one line when
    that takes at most JSON_WIDTH characters, else an object or array with one member a
    line, 4 spaces deeper (lines after the first indented relative to the first), each
    member again on one line when it fits."""
    return _json(value, JSON_WIDTH - 1)


def _json(value: Any, width: int) -> str:
    one_line = json.dumps(value, ensure_ascii=False)
    if len(one_line) <= width or not isinstance(value, dict | list) or not value:
        return one_line
    if isinstance(value, dict):
        members = []
        for key, item in value.items():
            name = json.dumps(key, ensure_ascii=False) + ": "
            members.append(name + _json(item, JSON_WIDTH - len(name) - 1))
        opening, closing = "{", "}"
    else:
        members = [_json(item, JSON_WIDTH - 1) for item in value]
        opening, closing = "[", "]"
    body = ",\n".join(members).replace("\n", "\n" + INDENT)
    return f"{opening}\n{INDENT}{body}\n{closing}"


class _Printer:
    """Collects output lines and places each comment by the source line it was on."""

    def __init__(self, comments: Iterable[ast.Comment]) -> None:
        self.lines: list[str] = []
        self.pending = sorted(comments, key=lambda c: (c.span.line, c.span.column))

    def blank(self) -> None:
        self.lines.append("")

    def flush_comments(self, before_line: int | None, depth: int) -> None:
        """Write, at `depth`, the comments that came before source line `before_line`."""
        last_line = None
        while self.pending and (before_line is None or self.pending[0].span.line < before_line):
            comment = self.pending.pop(0)
            self.lines.append(INDENT * depth + comment.text)
            last_line = comment.span.line
        # Comments set apart from the declaration below them (a file's header) stay apart.
        set_apart = (
            last_line is not None and before_line is not None and last_line < before_line - 1
        )
        if depth == 0 and set_apart:
            self.lines.append("")

    def line(self, depth: int, text: str, span: ast.Span | None) -> None:
        """One statement line; `span` places the comments that belong to it."""
        if span is None:
            self.lines.append(INDENT * depth + text)
            return
        self.flush_comments(span.line, depth)
        # A comment after the statement's last line stays there (a JSON value spread over
        # lines ends lower); one on an inner line goes before the next statement.
        last = min(span.end_line, span.line + text.count("\n"))
        trailing = [c for c in self.pending if c.span.line == last and not c.own_line][:1]
        for comment in trailing:
            self.pending.remove(comment)
        # A statement with JSON may span lines: each is indented to the statement's depth.
        text = text.replace("\n", "\n" + INDENT * depth)
        self.lines.append(INDENT * depth + text + "".join("  " + c.text for c in trailing))


# ---------------------------------------------------------------- pieces


def _strings(items: Iterable[ast.Str]) -> str:
    return ", ".join(quote(item.value) for item in items)


def _target(target: ast.Target) -> str:
    if isinstance(target, ast.LabelTarget):
        return target.label.value
    if isinstance(target, ast.DialogTarget):
        return f"dialog {target.dialog.value}"
    if isinstance(target, ast.NextTarget):
        return "next"
    return "end"


def _int_or_str(value: int | ast.Str) -> str:
    return str(value) if isinstance(value, int) else quote(value.value)


# ---------------------------------------------------------------- declarations


def _bot(printer: _Printer, bot: ast.BotSettings) -> None:
    printer.line(0, f"bot {quote(bot.name.value)}", bot.span)
    if bot.default_response is not None:
        text = f"default response {quote(bot.default_response.value)}"
        printer.line(1, text, bot.default_response.span)
    if bot.escalation_attempts is not None:
        printer.line(1, f"escalation attempts {bot.escalation_attempts}", None)


def _integration(printer: _Printer, integration: ast.Integration) -> None:
    printer.line(0, f"integration {integration.name.value}", integration.span)
    endpoint = f"{integration.kind} {integration.method} {quote(integration.url.value)}"
    printer.line(1, endpoint, integration.url.span)
    for header in integration.headers:
        text = f"header {quote(header.name.value)} {quote(header.value.value)}"
        printer.line(1, text, header.span)
    if integration.body is not None:
        printer.line(1, f"body {json_text(integration.body.value)}", integration.body.span)
    if integration.timeout is not None:
        printer.line(1, f"timeout {integration.timeout.text}", integration.timeout.span)
    if integration.follow_redirects is not None:
        printer.line(1, "follow redirects", integration.follow_redirects)
    for store in integration.stores:
        printer.line(1, f"store {store.field.value} = {store.expression.source}", store.span)


def _function(printer: _Printer, function: ast.Function) -> None:
    text = f"function {function.name.value} {quote(function.lambda_uuid.value)}"
    printer.line(0, text, function.span)


def _dialog(printer: _Printer, dialog: ast.Dialog) -> None:
    printer.line(0, f"dialog {dialog.name.value}", dialog.span)
    for trigger in dialog.triggers:
        if isinstance(trigger, ast.UserSays):
            text = f"user says {_strings(trigger.patterns)}"
            if trigger.excludes:
                text += f" except {_strings(trigger.excludes)}"
        else:
            text = f"on {trigger.event}"
        printer.line(1, text, trigger.span)
    if dialog.intent is not None:
        intent = dialog.intent
        text = f"intent {quote(intent.id.value)} {quote(intent.description.value)}"
        if intent.confidence is not None:
            text += f" confidence {intent.confidence!r}"
        printer.line(1, text, intent.span)
    for step in dialog.steps:
        _step(printer, step)


def _test(printer: _Printer, test: ast.TestCase) -> None:
    printer.line(0, f"test {quote(test.name.value)}", test.span)
    for line in test.lines:
        printer.line(1, _test_line(line), line.span)


# ---------------------------------------------------------------- steps


def _step(printer: _Printer, step: ast.Step) -> None:
    label = f"{step.label.value}: " if step.label is not None else ""
    head, nested = _step_lines(step)
    printer.line(1, label + head, step.span)
    for text, span in nested:
        printer.line(2, text, span)


# A step's head line, and its indented lines each with the span that places its comments.
Lines = tuple[str, list[tuple[str, ast.Span | None]]]


def _quick_replies(replies: tuple[ast.Str, ...]) -> list[tuple[str, ast.Span | None]]:
    return [(f"quick replies {_strings(replies)}", replies[0].span)] if replies else []


def _options(options: ast.MessageOptions) -> list[tuple[str, ast.Span | None]]:
    nested = _quick_replies(options.quick_replies)
    if options.metadata is not None:
        nested.append((f"metadata {json_text(options.metadata.value)}", options.metadata.span))
    if options.encoded_metadata is not None:
        encoded = options.encoded_metadata
        nested.append((f"encoded metadata {quote(encoded.value)}", encoded.span))
    return nested


def _branch(branch: ast.WhenBranch | ast.OtherwiseBranch | ast.OutcomeBranch) -> str:
    if isinstance(branch, ast.WhenBranch):
        return f"when {branch.condition.source} -> {_target(branch.target)}"
    if isinstance(branch, ast.OtherwiseBranch):
        return f"otherwise -> {_target(branch.target)}"
    return f"on {branch.outcome} -> {_target(branch.target)}"


def _step_lines(step: ast.Step) -> Lines:
    """A step's head line and indented lines: one `case` per kind of step."""
    match step:
        case ast.SayStep():
            return _say(step)
        case ast.CardStep():
            return _card(step)
        case ast.PauseStep():
            return f"pause {step.duration.text}" + ("" if step.typing else " without typing"), []
        case ast.AskStep():
            return _ask(step)
        case ast.CallStep():
            return f"call {step.integration.value}", [(_branch(b), b.span) for b in step.branches]
        case ast.UploadStep():
            return _upload(step)
        case ast.EscalateStep():
            return _escalate(step)
        case ast.InvokeStep():
            return _invoke(step)
        case ast.SignalStep():
            return f"signal {json_text(step.payload.value)}", []
        case ast.SecureFormStep():
            return f"secure form {step.form_id} {quote(step.title.value)}", []
        case ast.CloseStep():
            return "close without survey" if step.without_survey else "close", []
        case ast.PriorityStep():
            return _priority(step)
        case ast.SetStep():
            field = f"botContext.{step.field.value}" if step.bot_context else step.field.value
            return f"set {field} = {step.expression.source}", []
        case ast.GotoStep():
            return f"goto {_target(step.target)}", []
        case ast.EndStep():
            return "end", []
        case _:
            assert_never(step)


def _say(step: ast.SayStep) -> Lines:
    audience = "to agents " if step.to_agents else ""
    return f"say {audience}{quote(step.text.value)}", _options(step.options)


def _card(step: ast.CardStep) -> Lines:
    if step.content is not None:
        return f"card {json_text(step.content.value)}", _options(step.options)
    assert step.file is not None  # a card has exactly one of content and file
    return f"card file {quote(step.file.value)}", _options(step.options)


def _ask(step: ast.AskStep) -> Lines:
    nested = _quick_replies(step.quick_replies)
    nested += [(_branch(branch), branch.span) for branch in step.branches]
    return f"ask {step.field.value} {quote(step.question.value)}", nested


def _upload(step: ast.UploadStep) -> Lines:
    nested: list[tuple[str, ast.Span | None]] = []
    if step.accept:
        nested.append((f"accept {', '.join(k.value for k in step.accept)}", step.accept[0].span))
    for setting in ("success", "failure", "invalid", "progress"):
        value = getattr(step, setting)
        if value is not None:
            nested.append((f"{setting} {quote(value.value)}", value.span))
    return f"upload {quote(step.message.value)}", nested


def _escalate(step: ast.EscalateStep) -> Lines:
    if isinstance(step.skill, ast.SkillByName):
        text = f"escalate to skill named {quote(step.skill.name.value)}"
    else:
        text = f"escalate to skill {_int_or_str(step.skill.value)}"
    if step.agent is not None:
        text += f" agent {_int_or_str(step.agent)}"
    if step.silently:
        text += " silently"
    elif step.message is not None:
        text += f" {quote(step.message.value)}"
    if step.with_context:
        text += " with context"
    return text, []


def _invoke(step: ast.InvokeStep) -> Lines:
    text = f"invoke {step.function.value}"
    if step.payload is not None:
        text += f" payload {json_text(step.payload.value)}"
    if step.fail_on_error:
        text += " fail on error"
    return text, []


def _priority(step: ast.PriorityStep) -> Lines:
    if step.level == "custom" and step.custom is not None:
        return f"priority custom {step.custom.text}", []
    return f"priority {step.level}", []


# ---------------------------------------------------------------- test lines


def _test_line(line: ast.TestLine) -> str:
    if isinstance(line, ast.StartLine):
        return "start" + ("" if line.last_message is None else f" {quote(line.last_message.value)}")
    if isinstance(line, ast.UserLine):
        return f"user {quote(line.text.value)}"
    if isinstance(line, ast.UploadLine):
        size = "" if line.size is None else f" size {line.size.text}"
        return f"upload {quote(line.filename.value)}{size}"
    if isinstance(line, ast.ReturnsLine):
        text = f"{line.integration.value} returns"
        if line.status is not None:
            text += f" status {line.status}"
        if line.body is not None:
            text += f" {json_text(line.body.value)}"
        return text
    if isinstance(line, ast.FailsLine):
        return f"{line.integration.value} fails"
    if isinstance(line, ast.RichContentLine):
        return f"rich content {json_text(line.content.value)}"
    if isinstance(line, ast.SignalLine):
        return f"signal {quote(line.payload.value)}"
    if isinstance(line, ast.BotLine):
        return f"{'agents' if line.to_agents else 'bot'} {quote(line.text.value)}"
    return _expect(line)


def _expect(line: ast.ExpectLine) -> str:
    argument = line.argument
    if argument is None:
        return f"expect {line.kind}"
    if line.kind == "transfer":
        return f"expect transfer to skill {argument}"
    return f"expect {line.kind} {argument}"


_DECLARATIONS: dict[type, Any] = {
    ast.BotSettings: _bot,
    ast.Integration: _integration,
    ast.Function: _function,
    ast.Dialog: _dialog,
    ast.TestCase: _test,
}
