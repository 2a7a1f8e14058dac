"""The dialog graph drawn as an SVG document from its Python layout (`graph_layout`):
clusters as titled boxes, nodes with their text and source line, edges styled by kind
(`next` grey, branches blue, `goto` purple, `goto dialog` thick purple, waits dashed,
context switches dotted orange), unreached steps red and dashed when coverage is known.
"""

from __future__ import annotations

from html import escape

from botc.compiler.graph_layout import LINE_HEIGHT, NODE_PADDING, Box, Layout, lay_out, node_lines
from botc.compiler.graph_model import DialogGraph, GraphEdge

EDGE_COLOURS = {
    "next": "#7f8c8d",
    "wait": "#7f8c8d",
    "branch": "#2471a3",
    "goto": "#8e44ad",
    "goto dialog": "#8e44ad",
    "context switch": "#d35400",
}
_DASHES = {"wait": "6 4", "context switch": "2 4"}
_WIDTHS = {"goto dialog": 2.6}


def graph_to_svg(graph: DialogGraph) -> str:
    layout = lay_out(graph)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="graph" '
        f'viewBox="-20 -20 {layout.width + 40:.0f} {layout.height + 40:.0f}" '
        f'width="100%" height="100%" font-family="Helvetica, Arial, sans-serif" font-size="13">',
        "<defs>",
    ]
    for kind, colour in EDGE_COLOURS.items():
        parts.append(
            f'<marker id="arrow-{_slug(kind)}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    parts.append('<g class="viewport">')
    parts.extend(_clusters(graph, layout))
    parts.extend(_edges(graph, layout))
    parts.extend(_nodes(graph, layout))
    parts.append("</g></svg>")
    return "\n".join(parts)


def _clusters(graph: DialogGraph, layout: Layout) -> list[str]:
    parts = []
    for cluster in graph.clusters:
        box = layout.clusters[cluster.index]
        parts.append(
            f'<g class="cluster" data-dialog="{escape(cluster.name)}">'
            f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{box.width:.0f}" '
            f'height="{box.height:.0f}" rx="10" fill="#f4f6f7" stroke="#aab7b8"/>'
            f'<text x="{box.x + 12:.0f}" y="{box.y + 19:.0f}" font-weight="bold" '
            f'font-size="14">dialog {escape(cluster.name)}</text></g>'
        )
    return parts


def _nodes(graph: DialogGraph, layout: Layout) -> list[str]:
    parts = []
    for cluster in graph.clusters:
        for position, node in enumerate(cluster.nodes):
            box = layout.nodes[node.id]
            entry = position == 0
            classes = "node entry" if entry else "node step"
            fill, stroke, dash = ("#d6eaf8", "#2471a3", "") if entry else ("#ffffff", "#566573", "")
            if node.reached is False:
                classes += " missed"
                fill, stroke, dash = "#fde2e2", "#c0392b", ' stroke-dasharray="5 3"'
            lines = node_lines(node)
            title = "\n".join(lines) + (
                "\nnever reached by the last test run" if node.reached is False else ""
            )
            parts.append(
                f'<g class="{classes}" id="{node.id}" data-line="{node.line or ""}">'
                f"<title>{escape(title)}</title>"
                f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{box.width:.0f}" '
                f'height="{box.height:.0f}" rx="{14 if entry else 4}" fill="{fill}" '
                f'stroke="{stroke}" stroke-width="1.4"{dash}/>'
            )
            for number, text in enumerate(lines):
                y = box.y + NODE_PADDING + LINE_HEIGHT * (number + 1) - 4
                is_line = node.line is not None and number == len(lines) - 1
                style = ' fill="#7b8a8b" font-size="11"' if is_line else ""
                parts.append(f'<text x="{box.x + 10:.0f}" y="{y:.0f}"{style}>{escape(text)}</text>')
            if node.reached is False:
                parts.append(
                    f'<text x="{box.x + box.width - 10:.0f}" y="{box.bottom - 7:.0f}" '
                    f'text-anchor="end" fill="#c0392b" font-size="11">not reached</text>'
                )
            parts.append("</g>")
    return parts


def _edges(graph: DialogGraph, layout: Layout) -> list[str]:
    parts = []
    lanes: dict[str, int] = {}  # curves beside a column, one lane further out each
    for edge in graph.edges:
        source, target = layout.nodes[edge.source], layout.nodes[edge.target]
        same_column = source.x == target.x
        if same_column and 0 < target.y - source.bottom < 60:  # the node just below
            path = (
                f"M{source.centre_x:.0f},{source.bottom:.0f} L{target.centre_x:.0f},{target.y:.0f}"
            )
            label_at = (source.centre_x + 6, (source.bottom + target.y) / 2 + 4)
            anchor = "start"
        elif same_column:
            lane = lanes.get(str(source.x), 0)
            lanes[str(source.x)] = lane + 1
            out = source.x + source.width + 28 + 16 * (lane % 5)
            sx, sy = source.x + source.width, source.middle_y
            tx, ty = target.x + target.width, target.middle_y
            path = f"M{sx:.0f},{sy:.0f} C{out:.0f},{sy:.0f} {out:.0f},{ty:.0f} {tx:.0f},{ty:.0f}"
            label_at = (out - 4, (sy + ty) / 2)
            anchor = "start"
        else:
            path, label_at = _across(source, target)
            anchor = "middle"
        parts.append(_edge_element(edge, path, label_at, anchor))
    return parts


def _across(source: Box, target: Box) -> tuple[str, tuple[float, float]]:
    """A curve from one column to another: out of the source's side facing the target,
    into the target's top."""
    rightwards = target.x > source.x
    sx = source.x + source.width if rightwards else source.x
    sy = source.middle_y
    tx, ty = target.centre_x, target.y
    bend = 90 if rightwards else -90
    path = f"M{sx:.0f},{sy:.0f} C{sx + bend:.0f},{sy:.0f} {tx:.0f},{ty - 80:.0f} {tx:.0f},{ty:.0f}"
    return path, ((sx + tx) / 2, (sy + ty) / 2 - 6)


def _edge_element(edge: GraphEdge, path: str, at: tuple[float, float], anchor: str) -> str:
    colour = EDGE_COLOURS[edge.kind]
    dash = f' stroke-dasharray="{_DASHES[edge.kind]}"' if edge.kind in _DASHES else ""
    width = _WIDTHS.get(edge.kind, 1.4)
    label = ""
    if edge.label:
        shown = edge.label if len(edge.label) <= 34 else edge.label[:33] + "…"
        label = (
            f'<text x="{at[0]:.0f}" y="{at[1]:.0f}" text-anchor="{anchor}" font-size="11" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
            f"{escape(shown)}</text>"
        )
    return (
        f'<g class="edge {_slug(edge.kind)}" data-from="{edge.source}" data-to="{edge.target}">'
        f"<title>{escape(edge.label or edge.kind)}</title>"
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{width}"{dash} '
        f'marker-end="url(#arrow-{_slug(edge.kind)})"/>{label}</g>'
    )


def _slug(kind: str) -> str:
    return kind.replace(" ", "-")
