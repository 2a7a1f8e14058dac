"""Name resolution: what each dialog, integration, function and label name refers to.

Duplicates keep their first declaration here (the duplicates check reports the rest), so
every later stage can look a name up without caring whether the file is clean.
"""

from __future__ import annotations

import attrs

from botc.dsl.ast import Dialog, Function, Integration, Module


@attrs.frozen
class Symbols:
    """Every declared name of a module, mapped to its (first) declaration or position."""

    dialogs: dict[str, int]  # dialog name -> index among the module's dialogs
    integrations: dict[str, Integration]
    functions: dict[str, Function]
    labels: tuple[dict[str, int], ...]  # per dialog index: label -> step index


def resolve_names(module: Module) -> Symbols:
    """Collect the module's names; the first declaration of a name wins."""
    dialogs: dict[str, int] = {}
    for index, dialog in enumerate(module.dialogs):
        dialogs.setdefault(dialog.name.value, index)
    integrations: dict[str, Integration] = {}
    for integration in module.integrations:
        integrations.setdefault(integration.name.value, integration)
    functions: dict[str, Function] = {}
    for function in module.functions:
        functions.setdefault(function.name.value, function)
    return Symbols(
        dialogs=dialogs,
        integrations=integrations,
        functions=functions,
        labels=tuple(_labels(dialog) for dialog in module.dialogs),
    )


def _labels(dialog: Dialog) -> dict[str, int]:
    labels: dict[str, int] = {}
    for index, step in enumerate(dialog.steps):
        if step.label is not None:
            labels.setdefault(step.label.value, index)
    return labels
