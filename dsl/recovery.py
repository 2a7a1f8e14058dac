"""Error recovery by text: set a broken statement aside so the rest of the file can be parsed.

`set_aside(source, line)` returns the source with the statement on `line` (and the lines
indented under it) replaced, keeping every other line where it was, so the positions of
later errors stay true. A declaration's header takes its whole block with it. A
statement directly inside a declaration is replaced by a harmless one of the same kind
(an empty block would be an error of its own); deeper lines are blanked, since every
nested block (options, branches, upload settings) is optional.
"""

from __future__ import annotations

import re

_DECLARATION = re.compile(r"(bot|integration|function|dialog|test)\b")
_TRIGGER = re.compile(r"(user|on)\b")

# Statements the grammar takes in each kind of block whatever surrounds them.
# The least an integration needs, to complete a header borrowed from the next block.
_INTEGRATION_BODY = '    api GET ""'

# (A `bot` block may be empty, so its lines are simply blanked.)
_STAND_INS = {
    "integration": 'header "" ""',
    "test": "start",
    "dialog": "end",
}


def declaration_blocks(source: str) -> list[str]:
    """`source` cut at each declaration, for parsing one at a time.

    Each piece is padded with the line breaks before it, so its positions stay those of the
    whole file, and ends with the next declaration's first line (made complete), so that
    what ends a declaration early is met, and reported, where it really is.
    """
    lines = source.split("\n")
    starts = declaration_starts(lines)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    blocks = []
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        block = lines[start:end]
        if end < len(lines):
            block.append(lines[end])
            if lines[end].startswith("integration"):
                block.append(_INTEGRATION_BODY)
        blocks.append("\n" * start + "\n".join(block))
    return blocks


def declaration_starts(lines: list[str]) -> list[int]:
    """The indexes of the lines that begin a declaration."""
    return [index for index, line in enumerate(lines) if _DECLARATION.match(line)]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _is_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _belongs_under(line: str, depth: int) -> bool:
    """True for a line that goes with a statement indented by `depth` (or is blank)."""
    # A JSON value's closing bracket may sit at the start of a line.
    return _is_blank(line) or _indent(line) > depth or (depth == 0 and line[0] in "}]")


_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[\[\]{}]|#.*')


def _end_of_brackets(lines: list[str], index: int) -> int:
    """The last line of the statement starting at `index`, following open `{` / `[`."""
    open_brackets = 0
    for number in range(index, len(lines)):
        if number > index and _DECLARATION.match(lines[number]):
            return number - 1  # a bracket never closed: stop at the next declaration
        for token in _STRING_OR_BRACKET.findall(lines[number]):
            if token in ("{", "["):
                open_brackets += 1
            elif token in ("}", "]"):
                open_brackets -= 1
        if open_brackets <= 0:
            return number
    return len(lines) - 1


def set_aside(source: str, line: int) -> str:
    """`source` without the statement at 1-based `line`; unchanged when there is none."""
    lines = source.split("\n")
    index = line - 1
    if not 0 <= index < len(lines) or _is_blank(lines[index]):
        return source
    depth = _indent(lines[index])
    end = _end_of_brackets(lines, index) + 1
    while end < len(lines) and _belongs_under(lines[end], depth):
        end += 1
    stand_in = "" if depth == 0 else _stand_in(lines, index)
    replaced = [stand_in] + [""] * (end - index - 1)
    return "\n".join(lines[:index] + replaced + lines[end:])


def _stand_in(lines: list[str], index: int) -> str:
    """A statement to put on the line, at its indentation, or "" to blank it."""
    header = index - 1
    while header >= 0 and (_is_blank(lines[header]) or _indent(lines[header]) > 0):
        header -= 1
    if header < 0:
        return ""
    match = _DECLARATION.match(lines[header])
    if match is None:
        return ""
    first = next(
        (line for line in lines[header + 1 : index + 1] if not _is_blank(line)), lines[index]
    )
    if _indent(lines[index]) != _indent(first):
        return ""
    kind = match.group(1)
    stand_in = _STAND_INS.get(kind, "")
    if kind == "dialog" and _still_in_triggers(lines[header + 1 : index], _indent(first)):
        stand_in = "on signal"
    return " " * _indent(first) + stand_in if stand_in else ""


def _still_in_triggers(lines: list[str], depth: int) -> bool:
    """True when every statement above, in this dialog, is a trigger (a trigger may then
    stand in, whether triggers, the intent or steps follow)."""
    return all(
        _TRIGGER.match(line.strip())
        for line in lines
        if not _is_blank(line) and _indent(line) == depth
    )
