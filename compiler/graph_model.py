"""A bot's dialog graph as data, for the mermaid and html exports: one cluster per dialog
(its entry node shows its triggers), one node per step (its text and source line), and
the edges between them — `next`, the wait after an `ask` / `upload`, every branch,
`goto`, `goto dialog`, and the context switches an `ask` without `otherwise` allows (a
text matching another dialog's pattern starts that dialog and suspends the question,
LANGUAGE.md 5.2). Read from a compiled table, like the dot export, so the step ids are
the ones `botc test --coverage` reports.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from botc.compiler.graph_dot import step_label, trigger_texts

EdgeKind = Literal["next", "wait", "branch", "goto", "goto dialog", "context switch"]


@attrs.frozen
class GraphNode:
    id: str  # `d3` for a dialog's entry, `s12` for step 12
    dialog: int
    text: str  # may hold line breaks
    line: int | None
    reached: bool | None = None  # None: no coverage known


@attrs.frozen
class GraphEdge:
    source: str
    target: str
    label: str
    kind: EdgeKind


@attrs.frozen
class GraphCluster:
    index: int
    name: str
    nodes: tuple[GraphNode, ...]  # the entry first, then the steps in file order


@attrs.frozen
class DialogGraph:
    clusters: tuple[GraphCluster, ...]
    edges: tuple[GraphEdge, ...]

    def node(self, node_id: str) -> GraphNode:
        for cluster in self.clusters:
            for node in cluster.nodes:
                if node.id == node_id:
                    return node
        raise KeyError(node_id)


def build_graph(table: dict[str, Any], missed_steps: frozenset[int] | None = None) -> DialogGraph:
    """The graph of a `botc-table/1` table; `missed_steps`: the step ids the last coverage
    run never reached (None when there is no coverage to show)."""
    steps: list[dict[str, Any]] = table["steps"]
    dialogs: list[dict[str, Any]] = table["dialogs"]
    triggers = trigger_texts(table)
    labels = {step["id"]: step["label"] for step in steps if step["label"]}
    clusters = []
    for index, dialog in enumerate(dialogs):
        entry = GraphNode(f"d{index}", index, triggers[index], dialog.get("line"))
        own = [
            GraphNode(
                f"s{step['id']}",
                index,
                _step_text(step, dialogs, labels),
                step["line"],
                None if missed_steps is None else step["id"] not in missed_steps,
            )
            for step in steps
            if step["dialog"] == index
        ]
        clusters.append(GraphCluster(index, dialog["name"], (entry, *own)))
    edges = [
        GraphEdge(f"d{index}", f"s{dialog['entry']}", "", "next")
        for index, dialog in enumerate(dialogs)
        if dialog["entry"] is not None
    ]
    patterned = sorted({pattern["dialog"] for pattern in table["triggers"]["patterns"]})
    for step in steps:
        edges.extend(_step_edges(step, patterned))
    return DialogGraph(tuple(clusters), tuple(edges))


def _step_edges(step: dict[str, Any], patterned: list[int]) -> list[GraphEdge]:
    source = f"s{step['id']}"
    edges: list[GraphEdge] = []
    for branch in step["branches"]:
        kind = branch["kind"]
        label = f"when {branch['expression']}" if kind == "when" else _BRANCH_WORDS.get(kind, kind)
        edge = _jump(source, branch["target"], label, "branch")
        if edge is not None:
            edges.append(edge)
    op = step["op"]
    if op == "goto":
        edge = _jump(source, step["args"]["target"], "goto", "goto")
        if edge is not None:
            edges.append(edge)
    kinds = {branch["kind"] for branch in step["branches"]}
    falls_through = op not in {"goto", "end"} and not (
        (op == "ask" and "otherwise" in kinds) or (op == "call" and "success" in kinds)
    )
    if falls_through and step["next"] is not None:
        waits = op in {"ask", "upload"}
        edges.append(
            GraphEdge(
                source, f"s{step['next']}", "wait" if waits else "", "wait" if waits else "next"
            )
        )
    if op == "ask" and "otherwise" not in kinds:
        edges.extend(
            GraphEdge(source, f"d{dialog}", "context switch", "context switch")
            for dialog in patterned
            if dialog != step["dialog"]
        )
    return edges


def _step_text(
    step: dict[str, Any], dialogs: list[dict[str, Any]], labels: dict[int, str]
) -> str:
    """The dot export's text of a step (without its line), and a `goto`'s target."""
    text = step_label(step).rsplit("\n", 1)[0]
    if step["op"] == "goto":
        target = step["args"]["target"]
        if "dialog" in target:
            text += f" dialog {dialogs[target['dialog']]['name']}"
        elif "step" in target:
            text += f" {labels.get(target['step'], '')}".rstrip()
    return text


_BRANCH_WORDS = {"success": "on success", "failure": "on failure"}


def _jump(source: str, target: dict[str, Any], label: str, kind: EdgeKind) -> GraphEdge | None:
    if "step" in target:
        return GraphEdge(source, f"s{target['step']}", label, kind)
    if "dialog" in target:
        shown = "goto dialog" if kind == "goto" else f"{label} (dialog)"
        return GraphEdge(source, f"d{target['dialog']}", shown, "goto dialog")
    return None  # `end`: the dialog stops here
