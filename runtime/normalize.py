"""Text normalization (LANGUAGE.md 4.1), shared by patterns and consumer texts.

Matching folds case and white space, but a capture (`star`) holds what the consumer
typed: `typed_captures` maps spans of the normalized text back to the original one.
"""

import re
from collections.abc import Sequence

_SPACES = re.compile(r"\s+")
_TRAILING = ".!? "


def normalize(text: str) -> str:
    """Case-fold, trim, collapse white space to one space, drop trailing `.`, `!`, `?`."""
    folded = _SPACES.sub(" ", text.casefold()).strip()
    return folded.rstrip(_TRAILING)


def source_positions(text: str) -> list[int]:
    """For each character of `normalize(text)`, the index in `text` of the character it
    came from (a run of white space maps to its first character; the characters one
    character case-folds to all map to it)."""
    positions: list[int] = []
    folded: list[str] = []
    in_space = False
    for index, character in enumerate(text):
        if character.isspace():  # what `\s` matches in a str pattern
            if not in_space:
                folded.append(" ")
                positions.append(index)
            in_space = True
            continue
        in_space = False
        for part in character.casefold():  # case folding is per character, no context
            folded.append(part)
            positions.append(index)
    start = 0
    while start < len(folded) and folded[start] == " ":
        start += 1
    end = len(folded)
    while end > start and folded[end - 1] in _TRAILING:
        end -= 1
    return positions[start:end]


def typed_captures(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """The consumer's own characters under each (start, end) span of `normalize(text)`,
    trimmed of white space; "" for an empty span. A span that starts or ends inside the
    several characters one character folds to (`ß` is `ss`) takes that whole character."""
    if not spans:
        return ()
    positions = source_positions(text)
    return tuple(
        text[positions[start] : positions[end - 1] + 1].strip() if end > start else ""
        for start, end in spans
    )
