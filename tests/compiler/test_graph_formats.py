"""`botc graph --format mermaid|svg|html`, and the coverage file `botc test --coverage`
leaves for it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from botc.compiler.build import load_bot
from botc.compiler.cli import main
from botc.compiler.graph_mermaid import graph_to_mermaid
from botc.compiler.graph_model import build_graph

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# An `ask` without `otherwise` (a text matching `help` switches context), a step no test
# reaches, and a `goto dialog`.
SWITCHING = """\
dialog order
    user says "order *"
    ask size "Small or large?"
        when answer == "small" -> small
    say "Large it is."
    end
    small: say "Small it is."
    goto dialog help

dialog help
    user says "help"
    say "I can take an order."

test "a large order"
    user "order tea"
    bot "Small or large?"
    user "large"
    bot "Large it is."
"""


@pytest.fixture
def switching(tmp_path: Path) -> Path:
    path = tmp_path / "switching.bot"
    path.write_text(SWITCHING, encoding="utf-8")
    return path


def _graph(path: Path, *extra: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["graph", str(path), *extra]) == 0
    return capsys.readouterr().out


def test_mermaid_has_a_subgraph_per_dialog_and_a_node_per_step(
    switching: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _graph(switching, "--format", "mermaid", capsys=capsys)
    assert text.startswith("flowchart TD\n")
    assert '  subgraph dialog_0["dialog order"]' in text
    assert '  subgraph dialog_1["dialog help"]' in text
    assert '    s0["ask size Small or large?<br/>(line 3)"]' in text
    assert '  s0 -->|"when answer == #quot;small#quot;"| s3' in text


def test_mermaid_shows_goto_dialog_and_context_switch_edges(
    switching: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _graph(switching, "--format", "mermaid", capsys=capsys)
    assert '  s4 ==>|"goto dialog"| d1' in text
    assert '  s0 -.->|"context switch"| d1' in text


def test_mermaid_labels_cannot_break_out_of_their_quotes() -> None:
    table = load_bot(EXAMPLES / "balance.bot").table
    assert table is not None
    for line in graph_to_mermaid(build_graph(table)).splitlines():
        for label in line.split('"')[1::2]:
            assert "<" not in label.replace("<br/>", "")
            assert "#" not in re.sub(r"#(quot|lt|gt|35);", "", label)


def test_a_coverage_run_marks_the_unreached_steps_in_the_mermaid_graph(
    switching: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", "--coverage", str(switching)]) == 0
    capsys.readouterr()
    coverage = json.loads((switching.parent / ".botc-coverage.json").read_text())
    entry = coverage["bots"]["switching.bot"]
    assert entry["missed_lines"] == [7, 8, 12]
    text = _graph(switching, "--format", "mermaid", capsys=capsys)
    assert "  class s3,s4,s5 missed" in text


def test_coverage_of_an_older_version_of_the_bot_is_ignored(
    switching: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", "--coverage", str(switching)]) == 0
    switching.write_text(SWITCHING.replace('say "Large it is."', 'say "Large!"'))
    capsys.readouterr()
    html = _graph(switching, "--format", "html", capsys=capsys)
    assert "is of an older version of switching.bot" in html
    assert "missed" not in _graph(switching, "--format", "mermaid", capsys=capsys)


def test_svg_is_drawn_by_graphviz(switching: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    text = _graph(switching, "--format", "svg", capsys=capsys)
    assert "<svg" in text and "dialog order" in text and "dialog help" in text


def test_svg_without_graphviz_is_a_one_line_error_naming_the_package(
    switching: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(switching.parent))  # no `dot` there
    assert main(["graph", str(switching), "--format", "svg"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("botc: error: --format svg needs Graphviz's `dot` program")
    assert "`graphviz` package" in err


def test_html_is_one_file_that_names_no_remote_resource(
    switching: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = _graph(switching, "--format", "html", capsys=capsys)
    assert "content=\"default-src 'none'; script-src 'unsafe-inline'" in html
    for attribute in ("src=", "href=", "@import", "url(http"):
        assert attribute not in html
    assert "svg-pan-zoom v3.6.2" in html
    assert 'data-dialog="order"' in html and 'data-dialog="help"' in html
