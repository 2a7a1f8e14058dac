"""Where one branch or `goto` target leads, as a step of the flow graph (compiler.flow):
for the analyses that follow each branch on its own (an `on failure` apart from an
`on success`), where the flow graph has only the union of a step's successors."""

from __future__ import annotations

from botc.compiler.flow import FlowGraph, StepRef
from botc.compiler.symbols import Symbols
from botc.dsl.ast import DialogTarget, EndTarget, LabelTarget, Target


def target_ref(flow: FlowGraph, symbols: Symbols, target: Target, ref: StepRef) -> StepRef | None:
    """The step `target`, written at step `ref`, leads to; None for the dialog's end (or
    a name the file does not declare, which the references check reports)."""
    dialog, index = ref
    if isinstance(target, EndTarget):
        return None
    if isinstance(target, LabelTarget):
        label = symbols.labels[dialog].get(target.label.value)
        return None if label is None else (dialog, label)
    if isinstance(target, DialogTarget):
        other = symbols.dialogs.get(target.dialog.value)
        return None if other is None else flow.entries[other]
    following = (dialog, index + 1)
    return following if following in flow.steps else None
