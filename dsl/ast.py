"""The typed syntax tree of a `.bot` file.

Every node is a frozen attrs class carrying the `Span` it was parsed from; spans (and a
string's raw text) take no part in equality, so two trees are equal when they say the
same thing, wherever it was written. Strings keep
both their decoded `value` and the `raw` source text (quotes included) so that a
diagnostic can point at a character inside a template. JSON payloads are kept as the
decoded Python value. Expressions are kept as source text: Jinja2 parses them later.
"""

from __future__ import annotations

from typing import Any, Literal, TypeAlias

import attrs


@attrs.frozen(order=True)
class Span:
    """Where a node sits in its file: 1-based lines and columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


# ---------------------------------------------------------------- leaves


@attrs.frozen
class Str:
    """A double-quoted string. `value` is decoded; `raw` is the source, quotes included."""

    value: str
    raw: str = attrs.field(eq=False)
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Name:
    value: str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Json:
    """A JSON value written inline (object, array, number, string, true, false, null)."""

    value: Any
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Expr:
    """A Jinja2 expression kept as source text (`answer is matching("^[0-9]+$")`)."""

    source: str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Duration:
    """`250ms`, `5s`, `3m`; `text` is as written."""

    milliseconds: int
    text: str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Size:
    """`512kb`, `5mb`; `text` is as written (1 kb = 1024 bytes)."""

    bytes: int
    text: str
    span: Span = attrs.field(eq=False)


# ---------------------------------------------------------------- comments


@attrs.frozen
class Comment:
    """A `#` comment, kept so that `botc fmt` does not lose it.

    `own_line` comments stand alone before the node that follows them; the others
    trail the statement on their line.
    """

    text: str  # with the leading '#'
    own_line: bool
    span: Span = attrs.field(eq=False)


# ---------------------------------------------------------------- top level


@attrs.frozen
class BotSettings:
    """`bot "Name"` with its indented settings."""

    name: Str
    default_response: Str | None
    escalation_attempts: int | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Header:
    name: Str
    value: Str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Store:
    """`store FIELD = EXPRESSION` inside an integration."""

    field: Name
    expression: Expr
    span: Span = attrs.field(eq=False)


HttpMethod: TypeAlias = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]


@attrs.frozen
class Integration:
    """An `api` (called by `call`) or `file` (uploads the consumer's file) integration."""

    name: Name
    kind: Literal["api", "file"]
    method: HttpMethod
    url: Str
    headers: tuple[Header, ...]
    body: Json | None
    timeout: Duration | None
    stores: tuple[Store, ...]
    span: Span = attrs.field(eq=False)
    # the `follow redirects` line (docs/SECURITY.md, "Redirects"); only its presence counts
    follow_redirects: Span | None = attrs.field(default=None, eq=lambda line: line is not None)


@attrs.frozen
class Function:
    """`function NAME "lambda-uuid"`."""

    name: Name
    lambda_uuid: Str
    span: Span = attrs.field(eq=False)


# ---------------------------------------------------------------- triggers


@attrs.frozen
class UserSays:
    patterns: tuple[Str, ...]
    excludes: tuple[Str, ...]
    span: Span = attrs.field(eq=False)


@attrs.frozen
class OnEvent:
    """`on start`, `on fallback`, `on rich content`, `on signal`."""

    event: Literal["start", "fallback", "rich content", "signal"]
    span: Span = attrs.field(eq=False)


Trigger: TypeAlias = UserSays | OnEvent


@attrs.frozen
class Intent:
    id: Str
    description: Str
    confidence: float | None
    span: Span = attrs.field(eq=False)


# ---------------------------------------------------------------- branch targets


@attrs.frozen
class LabelTarget:
    label: Name
    span: Span = attrs.field(eq=False)


@attrs.frozen
class DialogTarget:
    dialog: Name
    span: Span = attrs.field(eq=False)


@attrs.frozen
class NextTarget:
    span: Span = attrs.field(eq=False)


@attrs.frozen
class EndTarget:
    span: Span = attrs.field(eq=False)


Target: TypeAlias = LabelTarget | DialogTarget | NextTarget | EndTarget


@attrs.frozen
class WhenBranch:
    """`when EXPRESSION -> target` (in `ask` and `call`)."""

    condition: Expr
    target: Target
    span: Span = attrs.field(eq=False)


@attrs.frozen
class OtherwiseBranch:
    target: Target
    span: Span = attrs.field(eq=False)


@attrs.frozen
class OutcomeBranch:
    """`on success -> target` / `on failure -> target` (in `call`)."""

    outcome: Literal["success", "failure"]
    target: Target
    span: Span = attrs.field(eq=False)


# ---------------------------------------------------------------- message options


@attrs.frozen
class MessageOptions:
    """Indented options under `say` / `card`; every field may be absent."""

    metadata: Json | None = None
    encoded_metadata: Str | None = None
    quick_replies: tuple[Str, ...] = ()


NO_OPTIONS = MessageOptions()


# ---------------------------------------------------------------- steps
# Every step has `label` (the `label:` written before it, or None) and `span`.


@attrs.frozen
class SayStep:
    """`say "text"` or `say to agents "text"` (private)."""

    text: Str
    to_agents: bool
    options: MessageOptions
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class CardStep:
    """`card {json}` or `card file "path.json"` (exactly one of `content`, `file`)."""

    content: Json | None
    file: Str | None
    options: MessageOptions
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class PauseStep:
    duration: Duration
    typing: bool
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class AskStep:
    field: Name
    question: Str
    quick_replies: tuple[Str, ...]
    branches: tuple[WhenBranch | OtherwiseBranch, ...]
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class CallStep:
    integration: Name
    branches: tuple[OutcomeBranch | WhenBranch, ...]
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class UploadStep:
    """`upload "message"` with its settings; absent settings are None (seed defaults apply)."""

    message: Str
    accept: tuple[Name, ...]
    success: Str | None
    failure: Str | None
    invalid: Str | None
    progress: Str | None
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class SkillById:
    """`to skill 1234` (an int literal) or `to skill "{{ template }}"`."""

    value: int | Str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class SkillByName:
    """`to skill named "billing"`."""

    name: Str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class EscalateStep:
    skill: SkillById | SkillByName
    agent: int | Str | None
    message: Str | None  # None: the default "Escalating to agent..." (unless silently)
    silently: bool
    with_context: bool
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class InvokeStep:
    function: Name
    payload: Json | None
    fail_on_error: bool
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class SignalStep:
    payload: Json
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class SecureFormStep:
    form_id: int
    title: Str
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class CloseStep:
    without_survey: bool
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class PriorityStep:
    level: Literal["urgent", "normal", "prioritized", "custom"]
    custom: Duration | None  # only with "custom"
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class SetStep:
    """`set FIELD = EXPR` or `set botContext.NAME = EXPR` (`bot_context` True)."""

    field: Name
    bot_context: bool
    expression: Expr
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class GotoStep:
    target: LabelTarget | DialogTarget
    label: Name | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class EndStep:
    label: Name | None
    span: Span = attrs.field(eq=False)


Step: TypeAlias = (
    SayStep
    | CardStep
    | PauseStep
    | AskStep
    | CallStep
    | UploadStep
    | EscalateStep
    | InvokeStep
    | SignalStep
    | SecureFormStep
    | CloseStep
    | PriorityStep
    | SetStep
    | GotoStep
    | EndStep
)

@attrs.frozen
class Dialog:
    name: Name
    triggers: tuple[Trigger, ...]
    intent: Intent | None
    steps: tuple[Step, ...]
    span: Span = attrs.field(eq=False)


# ---------------------------------------------------------------- tests (LANGUAGE.md 7)


@attrs.frozen
class StartLine:
    last_message: Str | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class UserLine:
    text: Str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class UploadLine:
    filename: Str
    size: Size | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class ReturnsLine:
    """`NAME returns [status N] {json}`; status defaults to 200."""

    integration: Name
    status: int | None
    body: Json | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class FailsLine:
    integration: Name
    span: Span = attrs.field(eq=False)


@attrs.frozen
class RichContentLine:
    content: Json
    span: Span = attrs.field(eq=False)


@attrs.frozen
class SignalLine:
    payload: Str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class BotLine:
    """`bot "text"` (consumer-visible) or `agents "text"` (private); `*` is a wildcard."""

    text: Str
    to_agents: bool
    span: Span = attrs.field(eq=False)


ExpectKind: TypeAlias = Literal[
    "transfer", "close", "card", "pause", "invoke", "signal", "secure form", "priority", "nothing"
]


@attrs.frozen
class ExpectLine:
    """`expect transfer to skill N`, `expect close`, `expect card`, `expect pause 4s`,
    `expect invoke NAME`, `expect signal`, `expect secure form N`, `expect priority LEVEL`,
    `expect nothing`. `argument` holds N / NAME / LEVEL / the duration as written, or None."""

    kind: ExpectKind
    argument: str | None
    span: Span = attrs.field(eq=False)


TestLine: TypeAlias = (
    StartLine
    | UserLine
    | UploadLine
    | ReturnsLine
    | FailsLine
    | RichContentLine
    | SignalLine
    | BotLine
    | ExpectLine
)


@attrs.frozen
class TestCase:
    name: Str
    lines: tuple[TestLine, ...]
    span: Span = attrs.field(eq=False)


Declaration: TypeAlias = BotSettings | Integration | Function | Dialog | TestCase


@attrs.frozen
class Module:
    """A whole `.bot` file: its declarations in file order, and its comments."""

    filename: str
    declarations: tuple[Declaration, ...]
    comments: tuple[Comment, ...] = attrs.field(default=(), eq=False)

    @property
    def bot(self) -> BotSettings | None:
        return next((d for d in self.declarations if isinstance(d, BotSettings)), None)

    @property
    def integrations(self) -> tuple[Integration, ...]:
        return tuple(d for d in self.declarations if isinstance(d, Integration))

    @property
    def functions(self) -> tuple[Function, ...]:
        return tuple(d for d in self.declarations if isinstance(d, Function))

    @property
    def dialogs(self) -> tuple[Dialog, ...]:
        return tuple(d for d in self.declarations if isinstance(d, Dialog))

    @property
    def tests(self) -> tuple[TestCase, ...]:
        return tuple(d for d in self.declarations if isinstance(d, TestCase))
