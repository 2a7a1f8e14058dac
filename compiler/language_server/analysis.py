"""One open document compiled the way `botc check` compiles a file, and indexed.

`analyse(uri, text, known)` runs `compiler.compile.compile_source` (parse, every check,
lowering) with card files read relative to the document's folder, then indexes the
syntax tree's names (in its JSON payloads and card files too). The parse reuses the
declarations of the document's last version that did not change (`dsl.incremental`,
`known`: the last analysis's `pieces`). A document that does not parse keeps no index:
navigation waits for it to parse.
"""

from __future__ import annotations

from pathlib import Path

import attrs
from pygls.uris import to_fs_path

from botc.compiler.compile import compile_source
from botc.compiler.language_server.occurrences import OccurrenceIndex, index_module
from botc.compiler.result import CompileResult
from botc.dsl.ast import Module
from botc.dsl.incremental import Pieces, parse_reusing


@attrs.frozen
class Analysis:
    uri: str
    path: Path
    text: str
    result: CompileResult
    index: OccurrenceIndex | None
    pieces: Pieces = attrs.field(factory=dict, repr=False)  # for the next version's parse

    @property
    def module(self) -> Module | None:
        return self.result.module

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def analyse(uri: str, text: str, known: Pieces | None = None) -> Analysis:
    """The document compiled and indexed; `known` are the pieces of its last version."""
    path = Path(to_fs_path(uri) or uri)
    last = known or {}
    parsed: list[Pieces] = []

    def parse(source: str, filename: str) -> Module:
        module, pieces = parse_reusing(source, filename, last)
        parsed.append(pieces)
        return module

    result = compile_source(text, str(path), base_dir=path.parent, parse=parse)
    # A text that does not parse keeps the last pieces: most of them come back unchanged.
    pieces = parsed[0] if parsed else last
    index = _index(result, path.parent)
    return Analysis(uri=uri, path=path, text=text, result=result, index=index, pieces=pieces)


def _index(result: CompileResult, base_dir: Path) -> OccurrenceIndex | None:
    if result.module is None:
        return None
    try:
        return index_module(result.module, result.source, base_dir)
    except Exception:  # a gap in the index costs navigation, never the diagnostics
        return None
