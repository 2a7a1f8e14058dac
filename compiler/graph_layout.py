"""Where each node of a dialog graph goes, computed in Python (no Graphviz needed): a
column per dialog, its trigger node on top and its steps below in file order, as the
source reads; columns side by side, `COLUMNS_PER_ROW` to a row. A step's `next` is then
the node just below it; every other edge is drawn as a curve beside the columns.
"""

from __future__ import annotations

import attrs

from botc.compiler.graph_model import DialogGraph, GraphNode

NODE_WIDTH = 270
LINE_HEIGHT = 17
NODE_PADDING = 10
NODE_GAP = 34
COLUMN_GAP = 190
ROW_GAP = 90
CLUSTER_PADDING = 18
TITLE_HEIGHT = 28
COLUMNS_PER_ROW = 4
MAX_CHARS = 42


@attrs.frozen
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def middle_y(self) -> float:
        return self.y + self.height / 2

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2


@attrs.frozen
class Layout:
    nodes: dict[str, Box]
    clusters: dict[int, Box]
    width: float
    height: float


def node_lines(node: GraphNode) -> list[str]:
    """The text lines a node shows: its text (long lines cut), then its source line."""
    lines = [
        line if len(line) <= MAX_CHARS else line[: MAX_CHARS - 1] + "…"
        for line in node.text.split("\n")
    ]
    if node.line is not None:
        lines.append(f"line {node.line}")
    return lines


def lay_out(graph: DialogGraph) -> Layout:
    nodes: dict[str, Box] = {}
    clusters: dict[int, Box] = {}
    row_top = 0.0
    row_height = 0.0
    width = 0.0
    for position, cluster in enumerate(graph.clusters):
        column = position % COLUMNS_PER_ROW
        if column == 0 and position:
            row_top += row_height + ROW_GAP
            row_height = 0.0
        left = column * (NODE_WIDTH + 2 * CLUSTER_PADDING + COLUMN_GAP)
        y = row_top + TITLE_HEIGHT + CLUSTER_PADDING
        for node in cluster.nodes:
            height = len(node_lines(node)) * LINE_HEIGHT + 2 * NODE_PADDING
            nodes[node.id] = Box(left + CLUSTER_PADDING, y, NODE_WIDTH, height)
            y += height + NODE_GAP
        box = Box(
            left,
            row_top,
            NODE_WIDTH + 2 * CLUSTER_PADDING,
            y - NODE_GAP + CLUSTER_PADDING - row_top,
        )
        clusters[cluster.index] = box
        row_height = max(row_height, box.height)
        width = max(width, box.x + box.width + COLUMN_GAP)
    return Layout(nodes, clusters, width, row_top + row_height)
