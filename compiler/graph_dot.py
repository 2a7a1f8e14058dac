"""A table drawn as a Graphviz `dot` digraph: one cluster per dialog, one node per step,
edges for `next`, `goto` and every branch (labelled with its kind or condition)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_SUMMARY_CHARS = 40


def table_to_dot(table: dict[str, Any]) -> str:
    """The dot source of a `botc-table/1` table."""
    lines = ["digraph bot {", "  rankdir=TB;", '  node [shape=box, fontname="Helvetica"];']
    steps: list[dict[str, Any]] = table["steps"]
    dialogs: list[dict[str, Any]] = table["dialogs"]
    triggers = _trigger_texts(table)
    for index, dialog in enumerate(dialogs):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f"    label={_quote('dialog ' + dialog['name'])};")
        lines.append(f"    d{index} [shape=ellipse, label={_quote(triggers[index])}];")
        lines.extend(
            f"    s{step['id']} [label={_quote(_step_label(step))}];"
            for step in steps
            if step["dialog"] == index
        )
        lines.append("  }")
    for index, dialog in enumerate(dialogs):
        if dialog["entry"] is not None:
            lines.append(f"  d{index} -> s{dialog['entry']};")
    for step in steps:
        lines.extend(_step_edges(step, dialogs))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _trigger_texts(table: dict[str, Any]) -> list[str]:
    texts: list[list[str]] = [[dialog["name"]] for dialog in table["dialogs"]]
    triggers = table["triggers"]
    for pattern in triggers["patterns"]:
        texts[pattern["dialog"]].append(f'"{pattern["source"]}"')
    for event in ("start", "fallback", "rich_content", "signal"):
        if triggers[event] is not None:
            texts[triggers[event]].append("on " + event.replace("_", " "))
    return ["\n".join(text) for text in texts]


def _step_label(step: dict[str, Any]) -> str:
    label = f"{step['label']}: " if step["label"] else ""
    args = step["args"]
    detail = _DETAILS.get(step["op"], _no_detail)(args)
    text = f"{label}{step['op']} {detail}".strip()
    if len(text) > _SUMMARY_CHARS:
        text = text[: _SUMMARY_CHARS - 1] + "…"
    return f"{text}\n(line {step['line']})"


def _no_detail(args: dict[str, Any]) -> str:
    return ""


_DETAILS: dict[str, Callable[[dict[str, Any]], str]] = {
    "say": lambda args: str(args["text"]),
    "ask": lambda args: f"{args['field']} {args['question']}",
    "call": lambda args: str(args["integration"]),
    "upload": lambda args: str(args["message"]),
    "invoke": lambda args: str(args["function"]),
    "set": lambda args: f"{args['field']} = {args['expression']}",
    "pause": lambda args: f"{args['seconds']}s",
    "escalate": lambda args: f"skill {args['skill_id'] or args['skill_name']}",
    "priority": lambda args: str(args["ttr_type"]).lower(),
    "card": lambda args: json.dumps(args["content"]),
}


def _step_edges(step: dict[str, Any], dialogs: list[dict[str, Any]]) -> list[str]:
    source = f"s{step['id']}"
    edges: list[str] = []
    for branch in step["branches"]:
        kind = branch["kind"]
        label = f"when {branch['expression']}" if kind == "when" else kind
        edge = _edge(source, branch["target"], dialogs, label)
        if edge:
            edges.append(edge)
    op = step["op"]
    if op == "goto":
        edge = _edge(source, step["args"]["target"], dialogs, "goto")
        if edge:
            edges.append(edge)
    kinds = {branch["kind"] for branch in step["branches"]}
    # An ask with `otherwise`, or a call with `on success`, never falls through
    # (an unhandled failure ends the dialog, LANGUAGE.md 5.3).
    falls_through = op not in {"goto", "end"} and not (
        (op == "ask" and "otherwise" in kinds) or (op == "call" and "success" in kinds)
    )
    if falls_through and step["next"] is not None:
        style = ' [style=dashed, label="wait"]' if op in {"ask", "upload"} else ""
        edges.append(f"  {source} -> s{step['next']}{style};")
    return edges


def _edge(source: str, target: dict[str, Any], dialogs: list[dict[str, Any]], label: str) -> (
    str | None
):
    if "step" in target:
        destination = f"s{target['step']}"
    elif "dialog" in target:
        destination = f"d{target['dialog']}"
    else:
        return None  # `end`: the dialog stops here
    return f"  {source} -> {destination} [label={_quote(label)}];"


def _quote(text: str) -> str:
    """A dot string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def step_label(step: dict[str, Any]) -> str:
    """A step's node text as the dot export shows it (the other exports share it)."""
    return _step_label(step)


def trigger_texts(table: dict[str, Any]) -> list[str]:
    """Per dialog: its name and triggers, one a line (the entry node's text)."""
    return _trigger_texts(table)
