"""The property test printed in docs/TESTING.md runs and passes as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_property_test_in_the_testing_doc_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "docs" / "TESTING.md").read_text(encoding="utf-8")
    blocks = list(re.finditer(r"```python\n(.*?)```", text, flags=re.DOTALL))
    assert len(blocks) == 1
    # padded so that each line keeps its line number in the file (tracebacks, inspect)
    source = "\n" * text.count("\n", 0, blocks[0].start(1)) + blocks[0].group(1)
    monkeypatch.chdir(ROOT)  # the example names its bot relative to the repository root
    namespace: dict[str, object] = {}
    exec(compile(source, "docs/TESTING.md", "exec"), namespace)
    test = namespace["test_help_desk_keeps_its_promises"]
    assert callable(test)
    test()
