"""What each step of one module holds, worked out once per compile and shared.

The checks, the flow graph and the template sites all read a step's `StepParts`
(`compiler.step_kinds.parts_of`). Building them afresh in each of those readers cost a
large bot a hundred thousand `StepParts` for a few thousand steps, so `ModuleSteps`
builds each step's parts once, when the compile starts, and the readers look them up.

A step is looked up by its identity, not by equality: spans are `eq=False`, so two
`say "Hi"` steps in different places are equal, yet each has its own spans, which the
diagnostics point at. The index holds the module, and the module its steps, so no id
is reused while the index lives.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from botc.compiler.step_kinds import StepParts, parts_of
from botc.dsl.ast import Module, Step


@attrs.frozen(eq=False)
class ModuleSteps:
    """The parts of every step of `module`, by step identity (see the module docstring)."""

    module: Module
    by_id: Mapping[int, StepParts] = attrs.field(repr=False)
    """`id(step)` -> its parts, for every step of every dialog of `module`."""

    def parts(self, step: Step) -> StepParts:
        """What `step` holds; a step of another module has its parts built afresh."""
        found = self.by_id.get(id(step))
        return parts_of(step) if found is None else found


def module_steps(module: Module) -> ModuleSteps:
    """The parts of each step of `module`, each built once."""
    return ModuleSteps(
        module,
        {id(step): parts_of(step) for dialog in module.dialogs for step in dialog.steps},
    )
