"""Lowering a dialog's steps to the table's flat step array (docs/TABLE.md `steps`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final, assert_never

from botc.compiler.card_files import read_card_file
from botc.compiler.module_steps import ModuleSteps
from botc.compiler.step_kinds import Branch, StepParts, branch_kind, step_kind
from botc.compiler.symbols import Symbols
from botc.compiler.templates import translate_json, translate_template
from botc.dsl.ast import (
    NO_OPTIONS,
    AskStep,
    CallStep,
    CardStep,
    CloseStep,
    Dialog,
    DialogTarget,
    EndStep,
    EndTarget,
    EscalateStep,
    GotoStep,
    InvokeStep,
    LabelTarget,
    MessageOptions,
    NextTarget,
    PauseStep,
    PriorityStep,
    SayStep,
    SecureFormStep,
    SetStep,
    SignalStep,
    SkillById,
    Step,
    Str,
    Target,
    UploadStep,
    WhenBranch,
)
from botc.runtime import defaults


class _StepLowering:
    """The facts one dialog's steps need: ids, labels, dialog indexes, the card folder."""

    def __init__(
        self, dialog: Dialog, index: int, first_id: int, symbols: Symbols, base_dir: Path
    ) -> None:
        self.dialog = dialog
        self.index = index
        self.first_id = first_id
        self.symbols = symbols
        self.base_dir = base_dir
        self.last_id = first_id + len(dialog.steps) - 1

    def target(self, target: Target, step_id: int) -> dict[str, Any]:
        match target:
            case LabelTarget():
                labels = self.symbols.labels[self.index]
                return {"step": self.first_id + labels[target.label.value]}
            case DialogTarget():
                return {"dialog": self.symbols.dialogs[target.dialog.value]}
            case NextTarget() if step_id < self.last_id:
                return {"step": step_id + 1}
            case NextTarget() | EndTarget():
                return {"end": True}
            case _:
                assert_never(target)

    def step(self, step: Step, parts: StepParts, step_id: int) -> dict[str, Any]:
        held = parts.branches
        branches = [self.branch(branch, step_id) for branch in held] if held else []
        return {
            "id": step_id,
            "op": step_kind(step).op,
            "dialog": self.index,
            "label": step.label.value if step.label else None,
            "line": step.span.line,
            "next": step_id + 1 if step_id < self.last_id else None,
            "args": self.args(step, step_id),
            "branches": branches,
        }

    def branch(self, branch: Branch, step_id: int) -> dict[str, Any]:
        return {
            "kind": branch_kind(branch),
            "expression": branch.condition.source if isinstance(branch, WhenBranch) else None,
            "target": self.target(branch.target, step_id),
            "line": branch.span.line,
        }

    def args(self, step: Step, step_id: int) -> dict[str, Any]:
        """The step's `args` (docs/TABLE.md): one `case` per kind of step."""
        match step:
            case SayStep():
                options = step.options
                return {
                    "text": translate_template(step.text.value),
                    "audience": "agents" if step.to_agents else "consumer",
                    "quick_replies": _templates(options.quick_replies),
                    **(_NO_MESSAGE_OPTIONS if options == NO_OPTIONS else _message_options(options)),
                }
            case CardStep():
                return {"content": self.card_content(step), **_message_options(step.options)}
            case PauseStep():
                return {"seconds": step.duration.milliseconds // 1000, "typing": step.typing}
            case AskStep():
                return {
                    "field": step.field.value,
                    "question": translate_template(step.question.value),
                    "quick_replies": _templates(step.quick_replies),
                }
            case CallStep():
                return {"integration": step.integration.value}
            case UploadStep():
                return _upload_args(step)
            case EscalateStep():
                return _escalate_args(step)
            case InvokeStep():
                return self.invoke_args(step)
            case SignalStep():
                return {"payload": translate_json(step.payload.value)}
            case SecureFormStep():
                return {"form_id": step.form_id, "title": translate_template(step.title.value)}
            case CloseStep():
                return {"without_survey": step.without_survey}
            case PriorityStep():
                seconds = step.custom.milliseconds // 1000 if step.custom is not None else None
                return {"ttr_type": step.level.upper(), "seconds": seconds}
            case SetStep():
                return _set_args(step)
            case GotoStep():
                return {"target": self.target(step.target, step_id)}
            case EndStep():
                return {}
            case _:
                assert_never(step)

    def card_content(self, step: CardStep) -> Any:
        if step.file is not None:
            return translate_json(read_card_file(self.base_dir, step.file.value))
        return translate_json(step.content.value if step.content is not None else None)

    def invoke_args(self, step: InvokeStep) -> dict[str, Any]:
        function = self.symbols.functions[step.function.value]
        return {
            "function": step.function.value,
            "lambda_uuid": function.lambda_uuid.value,
            "payload": translate_json(step.payload.value) if step.payload is not None else None,
            "fail_on_error": step.fail_on_error,
        }


def lower_dialog_steps(
    dialog: Dialog,
    index: int,
    *,
    first_id: int,
    symbols: Symbols,
    base_dir: Path,
    step_parts: ModuleSteps,
) -> list[dict[str, Any]]:
    """The table steps of one dialog (index `index`), with ids numbered from `first_id`."""
    lowering = _StepLowering(dialog, index, first_id, symbols, base_dir)
    parts = step_parts.in_dialog[index]
    return [
        lowering.step(step, parts[offset], first_id + offset)
        for offset, step in enumerate(dialog.steps)
    ]


_NO_MESSAGE_OPTIONS: Final = {"metadata": None, "encoded_metadata": None}  # copied by `**`


def _templates(strings: tuple[Str, ...]) -> list[str]:
    return [translate_template(string.value) for string in strings]


def _message_options(options: MessageOptions) -> dict[str, Any]:
    encoded, metadata = options.encoded_metadata, options.metadata
    return {
        "metadata": translate_json(metadata.value) if metadata is not None else None,
        "encoded_metadata": translate_template(encoded.value) if encoded is not None else None,
    }


def _upload_args(step: UploadStep) -> dict[str, Any]:
    accept = [name.value for name in step.accept]
    invalid = step.invalid.value if step.invalid is not None else defaults.UPLOAD_INVALID_TEXT
    return {
        "message": translate_template(step.message.value),
        "accept": accept,
        "success": step.success.value if step.success is not None else defaults.UPLOAD_SUCCESS_TEXT,
        "failure": step.failure.value if step.failure is not None else defaults.UPLOAD_FAILURE_TEXT,
        "invalid": invalid.replace("{types}", ", ".join(accept)),
        "progress": (
            step.progress.value if step.progress is not None else defaults.UPLOAD_PROGRESS_TEXT
        ),
        "max_bytes": defaults.UPLOAD_MAX_BYTES,
    }


def _set_args(step: SetStep) -> dict[str, Any]:
    field = step.field.value
    if step.bot_context:
        field = field.removeprefix("botContext.")
    return {
        "field": field,
        "scope": "botContext" if step.bot_context else "custom",
        "expression": step.expression.source,
    }


def _escalate_args(step: EscalateStep) -> dict[str, Any]:
    skill_id: str | None = None
    skill_name: str | None = None
    if isinstance(step.skill, SkillById):
        value = step.skill.value
        skill_id = str(value) if isinstance(value, int) else translate_template(value.value)
    else:
        skill_name = step.skill.name.value
    agent = step.agent
    agent_id = None if agent is None else (
        str(agent) if isinstance(agent, int) else translate_template(agent.value)
    )
    if step.silently:
        message = None
    elif step.message is not None:
        message = translate_template(step.message.value)
    else:
        message = defaults.ESCALATION_MESSAGE
    return {
        "skill_id": skill_id,
        "skill_name": skill_name,
        "agent_id": agent_id,
        "message": message,
        "with_context": step.with_context,
    }
