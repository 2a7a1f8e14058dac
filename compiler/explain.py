"""`botc check --explain CODE`: the section of docs/DIAGNOSTICS.md about one code.

The page lives next to the packages (an editable install or a source tree); where it is
absent, the registry's title alone is given, so an explanation never fails.
"""

from __future__ import annotations

import re
from pathlib import Path

from botc.dsl.diagnostic_codes import CODES

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "DIAGNOSTICS.md"
_HEADING = re.compile(r"^## (BOT\d{3}) — ", re.MULTILINE)


def explain(code: str) -> str | None:
    """The explanation of `code` (any case), or None when no such code is registered."""
    code = code.strip().upper()
    entry = CODES.get(code)
    if entry is None:
        return None
    try:
        text = DOC_PATH.read_text(encoding="utf-8")
    except OSError:
        return f"{code} — {entry.title}\n\n(docs/DIAGNOSTICS.md is not installed here)"
    heads = list(_HEADING.finditer(text))
    for index, head in enumerate(heads):
        if head.group(1) == code:
            end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
            return text[head.start() + 3 : end].strip()
    return f"{code} — {entry.title}"
