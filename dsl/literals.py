"""Literal values: quoted strings, durations and sizes, read from source and written back.

Reading raises `LiteralProblem` with the offset of the bad character inside the literal,
so the diagnostic can point at the exact column. Writing gives the canonical spelling the
formatter prints; reading it back gives the same value.
"""

from __future__ import annotations

import re

# Escapes of the language's strings (LANGUAGE.md 2); JSON strings add their own few.
STRING_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}
JSON_ESCAPES = {**STRING_ESCAPES, "/": "/", "b": "\b", "f": "\f", "r": "\r"}

DURATION_UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000}
SIZE_UNITS_BYTES = {"kb": 1024, "mb": 1024 * 1024}

_DURATION = re.compile(r"([0-9]+)(ms|s|m)")
_SIZE = re.compile(r"([0-9]+)(kb|mb)")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_SURROGATE = re.compile("[\ud800-\udfff]")


class LiteralProblem(Exception):
    """A bad literal: `offset` counts characters from the literal's first character."""

    def __init__(self, message: str, offset: int, width: int, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.width = width
        self.hint = hint


def decode_string(raw: str, *, json_escapes: bool = False) -> str:
    """The value of a quoted literal `raw` (quotes included); raises `LiteralProblem`."""
    if "\\" not in raw:  # nothing escaped: the text between the quotes, as it is
        value = raw[1:-1]
        return value if value.isascii() else _join_surrogates(value, raw)
    escapes = JSON_ESCAPES if json_escapes else STRING_ESCAPES
    out: list[str] = []
    index = 1
    end = len(raw) - 1
    while index < end:
        char = raw[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        code = raw[index + 1]
        if code in escapes:
            out.append(escapes[code])
            index += 2
        elif code == "u" and _HEX4.fullmatch(raw, index + 2, index + 6):
            out.append(chr(int(raw[index + 2 : index + 6], 16)))
            index += 6
        elif code == "u":
            raise LiteralProblem(
                "`\\u` needs four hex digits",
                index,
                2,
                "write a character by its code as `\\u00e9`",
            )
        else:
            known = ", ".join(f"`\\{c}`" for c in escapes) + ", `\\uXXXX`"
            raise LiteralProblem(
                f"unknown escape `\\{code}` in a string",
                index,
                2,
                f"the escapes are {known}; write a backslash itself as `\\\\`",
            )
    return _join_surrogates("".join(out), raw)


def _join_surrogates(value: str, raw: str) -> str:
    """`\\ud83d\\ude00` written as two escapes becomes the one character it encodes."""
    if _SURROGATE.search(value) is None:
        return value
    try:
        return value.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        offset = raw.lower().find("\\ud")
        raise LiteralProblem(
            "a `\\u` escape of half a character (a lone surrogate)",
            max(offset, 0),
            6,
            "write the character itself, or both halves of its UTF-16 pair",
        ) from None


def quote(value: str) -> str:
    """The canonical literal for `value`: quotes, backslashes, line breaks and tabs escaped
    as `\\"`, `\\\\`, `\\n`, `\\t`; other control characters as `\\uXXXX`."""
    out = ['"']
    for char in value:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def duration_ms(text: str) -> int:
    """`250ms` -> 250, `5s` -> 5000, `3m` -> 180000 (the lexer has checked the form)."""
    match = _DURATION.fullmatch(text)
    if match is None:
        raise LiteralProblem(
            f"`{text}` is not a duration", 0, len(text), "write a duration as `250ms`, `5s` or `3m`"
        )
    return int(match.group(1)) * DURATION_UNITS_MS[match.group(2)]


def size_bytes(text: str) -> int:
    """`512kb` -> 524288, `5mb` -> 5242880 (1 kb = 1024 bytes)."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise LiteralProblem(
            f"`{text}` is not a size", 0, len(text), "write a size as `512kb` or `5mb`"
        )
    return int(match.group(1)) * SIZE_UNITS_BYTES[match.group(2)]
