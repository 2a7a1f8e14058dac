"""What the compiler knows about each kind of step, written once per kind.

Two descriptions, both here and nowhere else:

- `StepKind` (one row of `STEP_KINDS` per AST step class): the facts about the kind —
  its table `op`, its keyword (read from the grammar), whether the conversation waits
  after it, whether it sends an ACTION (LANGUAGE.md 5.6), whether the Functions response
  can carry it, and how it goes on to the following step. `step_kind(step)` finds it.
- `StepParts` (`parts_of(step)`, one `case` per kind): what one step holds — its
  template strings, JSON payloads whose string leaves are templates, expressions,
  branches, targets, and the names it refers to or sets. `templates_of`, `payloads_of`,
  `expressions_of`, `branches_of`, `targets_of` are its accessors.

Checks, lowering (`compiler.lower_steps`), the template sites (`compiler.template_sites`)
and the flow graph (`compiler.flow`) read these instead of testing `isinstance` kind by
kind. Code that must treat each kind differently (lowering a step's `args`, say) uses
`match step:` with one `case` per kind and `case _: assert_never(step)`, so mypy reports
the place when a kind is added and not handled there. A check about one particular kind
(`upload` followed by `call`, a `card file`) still tests for that kind alone.

Adding a step kind: docs/INTERNALS.md, "Adding a step kind".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, TypeAlias, assert_never

import attrs

from botc.dsl import ast
from botc.dsl.ast import Expr, Json, Name, Step, Str, Target
from botc.dsl.step_keywords import STEPS as GRAMMAR_STEPS
from botc.runtime.wire.functions import UNSUPPORTED_OPS

Branch: TypeAlias = ast.WhenBranch | ast.OtherwiseBranch | ast.OutcomeBranch
BranchKind: TypeAlias = Literal["when", "otherwise", "success", "failure"]

_KEYWORDS: Final = {step.op: step.keyword for step in GRAMMAR_STEPS}


@attrs.frozen
class StepKind:
    """The facts about one kind of step (see the module docstring)."""

    node: type[Step]
    """The AST class (`dsl.ast.SayStep`)."""
    op: str
    """The table's `op` (docs/TABLE.md), also the grammar rule `<op>_step`."""
    waits: bool = False
    """The bot waits for the consumer after it (an answer, a file): a response ends here."""
    action: bool = False
    """It sends an ACTION item, at most one per response (LANGUAGE.md 5.6)."""
    goes_on: bool = True
    """Without a branch taking it, the flow goes on to the following step (not `goto`/`end`)."""
    catch_all: BranchKind | None = None
    """The branch kind that takes every case that would go on to the following step
    (`ask`: `otherwise`; `call`: `success` — an unhandled failure ends the dialog)."""

    @property
    def keyword(self) -> str:
        """The keyword as written (`secure form`), from the grammar."""
        return _KEYWORDS[self.op]

    @property
    def functions(self) -> bool:
        """The Functions response format (WIRE.md 3) can carry it."""
        return self.op not in UNSUPPORTED_OPS

    def follows_on(self, branches: tuple[Branch, ...]) -> bool:
        """With these branches, the step can go on to the following step."""
        return self.goes_on and not any(branch_kind(b) == self.catch_all for b in branches)


STEP_KINDS: Final[tuple[StepKind, ...]] = (
    StepKind(ast.SayStep, "say"),
    StepKind(ast.CardStep, "card"),
    StepKind(ast.PauseStep, "pause"),
    StepKind(ast.AskStep, "ask", waits=True, catch_all="otherwise"),
    StepKind(ast.CallStep, "call", catch_all="success"),
    StepKind(ast.UploadStep, "upload", waits=True),
    StepKind(ast.EscalateStep, "escalate", action=True),
    StepKind(ast.InvokeStep, "invoke", action=True),
    StepKind(ast.SignalStep, "signal", action=True),
    StepKind(ast.SecureFormStep, "secure_form", action=True),
    StepKind(ast.CloseStep, "close", action=True),
    StepKind(ast.PriorityStep, "priority", action=True),
    StepKind(ast.SetStep, "set"),
    StepKind(ast.GotoStep, "goto", goes_on=False),
    StepKind(ast.EndStep, "end", goes_on=False),
)

_BY_NODE: Final[Mapping[type, StepKind]] = {kind.node: kind for kind in STEP_KINDS}


def step_kind(step: Step) -> StepKind:
    """The facts about `step`'s kind."""
    return _BY_NODE[type(step)]


@attrs.frozen
class StepParts:
    """What one step holds, each in source order (see the module docstring)."""

    templates: tuple[Str, ...] = ()
    payloads: tuple[Json, ...] = ()
    expressions: tuple[Expr, ...] = ()
    branches: tuple[Branch, ...] = ()
    goto: Target | None = None
    integration: Name | None = None
    """The integration it calls."""
    function: Name | None = None
    """The function it invokes."""
    field_set: Name | None = None
    """The custom field it gives a value (`ask`, `set` of a non-botContext field)."""

    @property
    def targets(self) -> tuple[Target, ...]:
        """The targets it names: its branches', or its `goto`'s."""
        if self.goto is not None:
            return (self.goto,)
        if not self.branches:
            return ()
        return tuple(branch.target for branch in self.branches)


def parts_of(step: Step) -> StepParts:
    """What `step` holds: one `case` per kind of step."""
    match step:
        case ast.SayStep():
            options = step.options
            plain = options.encoded_metadata is None and options.metadata is None
            if plain and not options.quick_replies:
                return StepParts((step.text,))  # most messages: their text alone
            return StepParts(
                templates=(step.text, *_option_templates(step.options)),
                payloads=_option_payloads(step.options),
            )
        case ast.CardStep():
            content = () if step.content is None else (step.content,)
            return StepParts(
                templates=_option_templates(step.options),
                payloads=(*content, *_option_payloads(step.options)),
            )
        case ast.PauseStep() | ast.CloseStep() | ast.PriorityStep() | ast.EndStep():
            return _NO_PARTS
        case ast.AskStep():
            return StepParts(
                templates=(step.question, *step.quick_replies),
                expressions=_conditions(step.branches),
                branches=step.branches,
                field_set=step.field,
            )
        case ast.CallStep():
            return StepParts(
                expressions=_conditions(step.branches),
                branches=step.branches,
                integration=step.integration,
            )
        case ast.UploadStep():
            return StepParts(templates=(step.message,))
        case ast.EscalateStep():
            return StepParts(templates=_escalate_templates(step))
        case ast.InvokeStep():
            payload = () if step.payload is None else (step.payload,)
            return StepParts(payloads=payload, function=step.function)
        case ast.SignalStep():
            return StepParts(payloads=(step.payload,))
        case ast.SecureFormStep():
            return StepParts(templates=(step.title,))
        case ast.SetStep():
            field = None if step.bot_context else step.field
            return StepParts(expressions=(step.expression,), field_set=field)
        case ast.GotoStep():
            return StepParts(goto=step.target)
        case _:
            assert_never(step)


_NO_PARTS: Final = StepParts()  # frozen, so every step that holds nothing shares it


def templates_of(step: Step) -> tuple[Str, ...]:
    """The template strings of `step` (LANGUAGE.md 6)."""
    return parts_of(step).templates


def payloads_of(step: Step) -> tuple[Json, ...]:
    """The JSON values of `step` whose string leaves are templates."""
    return parts_of(step).payloads


def expressions_of(step: Step) -> tuple[Expr, ...]:
    """The expressions of `step`: `when` conditions, a `set` value."""
    return parts_of(step).expressions


def branches_of(step: Step) -> tuple[Branch, ...]:
    """The branches of `step` (`ask`, `call`); () for the other kinds."""
    return parts_of(step).branches


def targets_of(step: Step) -> tuple[Target, ...]:
    """The targets `step` names: its branches', or its `goto`'s."""
    return parts_of(step).targets


def branch_kind(branch: Branch) -> BranchKind:
    """`when`, `otherwise`, `success` or `failure` (the table's branch `kind`)."""
    match branch:
        case ast.WhenBranch():
            return "when"
        case ast.OtherwiseBranch():
            return "otherwise"
        case ast.OutcomeBranch():
            return branch.outcome
        case _:
            assert_never(branch)


def _option_templates(options: ast.MessageOptions) -> tuple[Str, ...]:
    encoded = () if options.encoded_metadata is None else (options.encoded_metadata,)
    return (*options.quick_replies, *encoded)


def _option_payloads(options: ast.MessageOptions) -> tuple[Json, ...]:
    return () if options.metadata is None else (options.metadata,)


def _conditions(branches: tuple[Branch, ...]) -> tuple[Expr, ...]:
    return tuple(branch.condition for branch in branches if isinstance(branch, ast.WhenBranch))


def _escalate_templates(step: ast.EscalateStep) -> tuple[Str, ...]:
    skill = step.skill.value if isinstance(step.skill, ast.SkillById) else None
    return tuple(
        value for value in (skill, step.agent, step.message) if isinstance(value, Str)
    )
