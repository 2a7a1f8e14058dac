"""What each step of one module holds, worked out once per compile and shared.

The checks, the flow graph and the template sites all read a step's `StepParts`
(`compiler.step_kinds.parts_of`). Building them afresh in each of those readers cost a
large bot a hundred thousand `StepParts` for a few thousand steps, so `ModuleSteps`
builds each step's parts once, when the compile starts, and the readers look them up.

A step is looked up by its identity, not by equality: spans are `eq=False`, so two
`say "Hi"` steps in different places are equal, yet each has its own spans, which the
diagnostics point at. The index holds the module, and the module its steps, so no id
is reused while the index lives.

The same walk lists the steps of each kind (`of_kind`), so that a check about `ask`s or
`upload`s visits those alone instead of testing every step of a large bot.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import TypeAlias, TypeVar, cast

import attrs

from botc.compiler.step_kinds import StepParts, parts_of
from botc.dsl.ast import Dialog, Module, Step

StepRef: TypeAlias = tuple[int, int]
"""A step by (dialog index, step index)."""

AnyStep = TypeVar("AnyStep", bound=Step)


@attrs.frozen(eq=False)
class ModuleSteps:
    """The parts of every step of `module`, by step identity (see the module docstring)."""

    module: Module
    dialogs: tuple[Dialog, ...] = attrs.field(repr=False)
    """`module.dialogs` (a property that filters the declarations at each read)."""
    by_id: Mapping[int, StepParts] = attrs.field(repr=False)
    """`id(step)` -> its parts, for every step of every dialog of `module`."""
    in_dialog: tuple[tuple[StepParts, ...], ...] = attrs.field(repr=False)
    """Per dialog index, the parts of its steps in their order (`dialogs[d].steps`)."""
    by_kind: Mapping[type, Sequence[tuple[StepRef, Step]]] = attrs.field(repr=False)
    """AST step class -> its steps with their refs, in file order."""

    def parts(self, step: Step) -> StepParts:
        """What `step` holds; a step of another module has its parts built afresh."""
        found = self.by_id.get(id(step))
        return parts_of(step) if found is None else found

    def of_kind(self, kind: type[AnyStep]) -> Sequence[tuple[StepRef, AnyStep]]:
        """The steps of one kind (`AskStep`), each with its ref, in file order."""
        return cast(Sequence[tuple[StepRef, AnyStep]], self.by_kind.get(kind, ()))

    def of_kinds(self, *kinds: type[Step]) -> list[tuple[StepRef, Step]]:
        """The steps of any of these kinds, each with its ref, in file order."""
        found = [entry for kind in kinds for entry in self.by_kind.get(kind, ())]
        if len(kinds) > 1:
            found.sort(key=_REF)
        return found


_REF = itemgetter(0)


def module_steps(module: Module) -> ModuleSteps:
    """The parts of each step of `module`, each built once, and its steps by kind."""
    dialogs = module.dialogs
    in_dialog = tuple(tuple(map(parts_of, dialog.steps)) for dialog in dialogs)
    by_id: dict[int, StepParts] = {}
    by_kind: defaultdict[type, list[tuple[StepRef, Step]]] = defaultdict(list)
    for d, dialog in enumerate(dialogs):
        by_id.update(zip(map(id, dialog.steps), in_dialog[d], strict=True))
        for s, step in enumerate(dialog.steps):
            by_kind[type(step)].append(((d, s), step))
    return ModuleSteps(module, dialogs, by_id, in_dialog, dict(by_kind))
