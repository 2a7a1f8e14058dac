"""Text normalization (LANGUAGE.md 4.1), shared by patterns and consumer texts."""

import re

_SPACES = re.compile(r"\s+")
_TRAILING = ".!? "


def normalize(text: str) -> str:
    """Case-fold, trim, collapse white space to one space, drop trailing `.`, `!`, `?`."""
    folded = _SPACES.sub(" ", text.casefold()).strip()
    return folded.rstrip(_TRAILING)
