"""One open document compiled the way `botc check` compiles a file, and indexed.

`analyse(uri, text)` runs `compiler.compile.compile_source` (parse, every check, lowering)
with card files read relative to the document's folder, then indexes the syntax tree's
names. A document that does not parse keeps no index: navigation waits for it to parse.
"""

from __future__ import annotations

from pathlib import Path

import attrs
from pygls.uris import to_fs_path

from compiler.compile import compile_source
from compiler.language_server.occurrences import OccurrenceIndex, index_module
from compiler.result import CompileResult
from dsl.ast import Module


@attrs.frozen
class Analysis:
    uri: str
    path: Path
    text: str
    result: CompileResult
    index: OccurrenceIndex | None

    @property
    def module(self) -> Module | None:
        return self.result.module

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def analyse(uri: str, text: str) -> Analysis:
    path = Path(to_fs_path(uri) or uri)
    result = compile_source(text, str(path), base_dir=path.parent)
    return Analysis(uri=uri, path=path, text=text, result=result, index=_index(result))


def _index(result: CompileResult) -> OccurrenceIndex | None:
    if result.module is None:
        return None
    try:
        return index_module(result.module)
    except Exception:  # a gap in the index costs navigation, never the diagnostics
        return None
