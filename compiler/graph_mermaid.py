"""The dialog graph as a Mermaid flowchart, which GitHub and GitLab draw where a
` ```mermaid ` block appears (a README, an issue, a merge request): one subgraph per
dialog, a rounded node for its triggers, a node per step, edges labelled as in the dot
export; `goto dialog` edges are thick, context switches dotted, unreached steps (with
coverage) in red."""

from __future__ import annotations

from botc.compiler.graph_model import DialogGraph, GraphEdge

_ARROWS = {
    "next": "-->",
    "wait": "-.->",
    "branch": "-->",
    "goto": "-->",
    "goto dialog": "==>",
    "context switch": "-.->",
}


def graph_to_mermaid(graph: DialogGraph) -> str:
    lines = ["flowchart TD"]
    for cluster in graph.clusters:
        lines.append(f"  subgraph dialog_{cluster.index}[{_text('dialog ' + cluster.name)}]")
        entry, *steps = cluster.nodes
        lines.append(f"    {entry.id}([{_text(entry.text)}])")
        for node in steps:
            where = f"\n(line {node.line})" if node.line is not None else ""
            lines.append(f"    {node.id}[{_text(node.text + where)}]")
        lines.append("  end")
    lines.extend(_edge(edge) for edge in graph.edges)
    missed = [
        node.id for cluster in graph.clusters for node in cluster.nodes if node.reached is False
    ]
    if missed:
        lines.append("  classDef missed fill:#fde2e2,stroke:#c0392b,stroke-dasharray:4 3")
        lines.append(f"  class {','.join(missed)} missed")
    return "\n".join(lines) + "\n"


def _edge(edge: GraphEdge) -> str:
    arrow = _ARROWS[edge.kind]
    label = f"|{_text(edge.label)}|" if edge.label else ""
    return f"  {edge.source} {arrow}{label} {edge.target}"


def _text(text: str) -> str:
    """A quoted Mermaid label: entity codes for `#` and `"`, `<br/>` for line breaks,
    and `<` / `>` as entities so no text is read as HTML."""
    escaped = (
        text.replace("#", "#35;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("\n", "<br/>")
    )
    return f'"{escaped}"'
