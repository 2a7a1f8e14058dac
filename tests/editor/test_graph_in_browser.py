"""The HTML graph of every example, opened in a real headless browser (Debian's
`chromium`) with the network closed: it loads, its script runs (pan/zoom ready), the
page asks for nothing (no Content Security Policy violation, and every request would go
to a dead proxy), every dialog is in the rendered page, and a screenshot is taken."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from botc.compiler.build import load_bot
from botc.compiler.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BOTS = sorted(EXAMPLES.glob("*.bot"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)


def _chromium(profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--proxy-server=127.0.0.1:9",  # a request that got past the page's policy goes nowhere
        "--virtual-time-budget=5000",  # let the scripts run before the DOM is read
        f"--user-data-dir={profile}",
        *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of the examples folder, so coverage files land in a temporary place."""
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return copy


def _html_graph(bot: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    main(["test", "--coverage", str(bot)])  # marks unreached steps; failures do not matter
    page = bot.with_suffix(".html")
    assert main(["graph", str(bot), "--format", "html", "-o", str(page)]) == 0
    capsys.readouterr()
    return page


@pytest.mark.parametrize("name", [bot.name for bot in BOTS])
def test_the_html_graph_loads_offline_and_shows_every_dialog(
    name: str, examples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = _html_graph(examples / name, capsys)
    shown = _chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert shown.returncode == 0, shown.stderr
    dom = shown.stdout
    assert 'data-pan-zoom="ready"' in dom  # the vendored script ran
    assert 'data-csp-violations="0"' in dom
    assert "svg-pan-zoom-control" in dom  # the zoom buttons it draws
    table = load_bot(examples / name).table
    assert table is not None
    for dialog in table["dialogs"]:
        assert f'data-dialog="{dialog["name"]}"' in dom
        assert re.search(rf">dialog {re.escape(dialog['name'])}</text>", dom)


@pytest.mark.parametrize("name", [bot.name for bot in BOTS])
def test_a_screenshot_of_the_html_graph_is_taken(
    name: str, examples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = _html_graph(examples / name, capsys)
    picture = tmp_path / f"{name}.png"
    shot = _chromium(
        tmp_path / "profile", "--window-size=1400,900", f"--screenshot={picture}", page.as_uri()
    )
    assert shot.returncode == 0, shot.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture.stat().st_size > 20_000  # a drawn graph, not a blank page


# An `ask` without `otherwise` (a text matching `help` switches context), a `goto dialog`,
# and steps the test never reaches.
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


def test_the_rendered_graph_labels_steps_with_their_lines_and_shows_every_edge_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bot = tmp_path / "switching.bot"
    bot.write_text(SWITCHING, encoding="utf-8")
    page = _html_graph(bot, capsys)
    shown = _chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert shown.returncode == 0, shown.stderr
    dom = shown.stdout
    assert '<g class="cluster" data-dialog="order">' in dom
    assert '<g class="cluster" data-dialog="help">' in dom
    small = re.search(r'<g class="node step( missed)?" id="(s\d+)" data-line="7">', dom)
    assert small is not None and small.group(1) == " missed"  # no test reaches it
    assert ">small: say Small it is.</text>" in dom and ">line 7</text>" in dom
    assert re.search(r'<g class="node step" id="s\d+" data-line="5">', dom)  # reached
    assert re.search(r'<g class="edge goto-dialog" data-from="s\d+" data-to="d1">', dom)
    assert re.search(r'<g class="edge context-switch" data-from="s0" data-to="d1">', dom)
