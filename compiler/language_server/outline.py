"""The outline of a document (its bot block, integrations, functions, dialogs with their
labels, and tests) and the ranges an editor can fold (every declaration, and every step
with lines under it)."""

from __future__ import annotations

from lsprotocol import types

from botc.compiler.language_server.convert import span_range
from botc.dsl.ast import (
    BotSettings,
    Dialog,
    Function,
    Integration,
    Module,
    Name,
    Span,
    Str,
    TestCase,
)

_KINDS = types.SymbolKind


def document_symbols(module: Module) -> list[types.DocumentSymbol]:
    symbols: list[types.DocumentSymbol] = []
    for declaration in module.declarations:
        if isinstance(declaration, Dialog):
            labels = [
                _symbol(step.label.value, "label", _KINDS.Key, step.span, step.label.span)
                for step in declaration.steps
                if step.label is not None
            ]
            symbols.append(
                _symbol(
                    declaration.name.value,
                    "dialog",
                    _KINDS.Namespace,
                    declaration.span,
                    declaration.name.span,
                    labels,
                )
            )
        elif isinstance(declaration, Integration):
            detail = f"{declaration.kind} {declaration.method}"
            symbol = _symbol(
                declaration.name.value,
                detail,
                _KINDS.Interface,
                declaration.span,
                declaration.name.span,
            )
            symbols.append(symbol)
        elif isinstance(declaration, Function):
            symbols.append(_named(declaration.name, "function", _KINDS.Function, declaration.span))
        elif isinstance(declaration, TestCase):
            symbols.append(_named(declaration.name, "test", _KINDS.Event, declaration.span))
        elif isinstance(declaration, BotSettings):
            symbols.append(_named(declaration.name, "bot", _KINDS.Module, declaration.span))
    return symbols


def _named(
    name: Name | Str, detail: str, kind: types.SymbolKind, whole: Span
) -> types.DocumentSymbol:
    return _symbol(name.value, detail, kind, whole, name.span)


def _symbol(
    name: str,
    detail: str,
    kind: types.SymbolKind,
    whole: Span,
    selection: Span,
    children: list[types.DocumentSymbol] | None = None,
) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=name,
        detail=detail,
        kind=kind,
        range=span_range(whole),
        selection_range=span_range(selection),
        children=children or None,
    )


def folding_ranges(module: Module) -> list[types.FoldingRange]:
    spans: list[Span] = []
    for declaration in module.declarations:
        spans.append(declaration.span)
        if isinstance(declaration, Dialog):
            spans.extend(step.span for step in declaration.steps)
    return [
        types.FoldingRange(start_line=span.line - 1, end_line=span.end_line - 1)
        for span in spans
        if span.end_line > span.line
    ]
