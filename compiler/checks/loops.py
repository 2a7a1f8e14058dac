"""Loops that can run forever inside one response: a cycle of steps with no `ask` or
`upload` on it (the runtime would stop it after `MAX_STEPS_PER_TURN` steps)."""

from __future__ import annotations

from collections.abc import Iterator

from botc.compiler.checks.context import CheckContext
from botc.compiler.flow import StepRef
from botc.dsl.diagnostics import Diagnostic


def check_waitless_loops(context: CheckContext) -> Iterator[Diagnostic]:
    """One error per loop (strongly connected group of steps) that never waits."""
    graph = context.flow.same_response
    if not _has_backward_edge(graph):
        return
    for component in _strongly_connected(graph):
        is_loop = len(component) > 1 or component[0] in graph.get(component[0], ())
        if not is_loop:
            continue
        first = min(component)
        step = context.flow.steps[first]
        lines = sorted({context.flow.steps[ref].span.line for ref in component})
        yield context.error(
            "BOT402",
            step.span,
            "this loop can run forever without waiting for the consumer "
            f"(steps at lines {', '.join(map(str, lines))})",
            "put an `ask` in the loop, or give it a way out that ends the dialog",
        )


def _has_backward_edge(graph: dict[StepRef, tuple[StepRef, ...]]) -> bool:
    """True when some step leads to itself or to a step before it (in file order): a graph
    whose every edge goes forward has no cycle, which is most bots' shape."""
    return any(
        successor <= ref for ref, successors in graph.items() for successor in successors
    )


def _strongly_connected(graph: dict[StepRef, tuple[StepRef, ...]]) -> list[list[StepRef]]:
    """Tarjan's algorithm, iteratively (dialogs can be long)."""
    index: dict[StepRef, int] = {}
    low: dict[StepRef, int] = {}
    on_stack: set[StepRef] = set()
    stack: list[StepRef] = []
    components: list[list[StepRef]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[StepRef, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = graph.get(node, ())
            if child < len(successors):
                work.append((node, child + 1))
                successor = successors[child]
                if successor not in index:
                    work.append((successor, 0))
                elif successor in on_stack:
                    low[node] = min(low[node], index[successor])
                continue
            if low[node] == index[node]:
                component: list[StepRef] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components
