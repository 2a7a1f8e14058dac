"""The VS Code extension in editors/vscode: its manifest points at files that exist and
claims `.bot`, its grammar and language configuration parse, the grammar passes its
`vscode-tmgrammar-test` assertions and snapshots, and `vsce` packages it into a VSIX a
user can install (the Node.js parts run only where `node` and the installed
dependencies are; `.ci/run` installs them)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "editors" / "vscode"
NODE_TOOLS = EXTENSION / "node_modules" / ".bin"

needs_node = pytest.mark.skipif(
    shutil.which("node") is None or not (NODE_TOOLS / "vsce").exists(),
    reason="node, or the extension's npm dependencies (`npm ci` in editors/vscode), missing",
)


def _manifest() -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((EXTENSION / "package.json").read_text())
    return manifest


def test_the_manifest_claims_bot_files_for_the_bot_language() -> None:
    (language,) = _manifest()["contributes"]["languages"]
    assert language["id"] == "bot" and language["extensions"] == [".bot"]
    assert (EXTENSION / language["configuration"]).is_file()


def test_the_manifest_points_at_the_grammar_and_the_client() -> None:
    manifest = _manifest()
    (grammar,) = manifest["contributes"]["grammars"]
    assert grammar["language"] == "bot" and grammar["scopeName"] == "source.bot"
    assert json.loads((EXTENSION / grammar["path"]).read_text())["scopeName"] == "source.bot"
    assert (EXTENSION / manifest["main"]).is_file()
    assert "vscode-languageclient" in manifest["dependencies"]


def test_the_client_starts_botc_lsp_by_default() -> None:
    setting = _manifest()["contributes"]["configuration"]["properties"]["botc.command"]
    assert setting["default"] == ["botc", "lsp"]
    assert 'get("command", ["botc", "lsp"])' in (EXTENSION / "extension.js").read_text()


def test_the_language_configuration_comments_with_hash_and_folds_by_indentation() -> None:
    configuration = json.loads((EXTENSION / "language-configuration.json").read_text())
    assert configuration["comments"] == {"lineComment": "#"}
    assert configuration["folding"]["offSide"] is True
    rules = configuration["indentationRules"]
    increase = re.compile(rules["increaseIndentPattern"])
    assert increase.match("dialog balance") and increase.match("    lookup: call Balance")
    assert increase.match('test "happy path"')
    assert not increase.match("    end")
    assert re.compile(rules["decreaseIndentPattern"]).match("dialog agent")


@needs_node
def test_the_grammar_passes_its_assertions_and_snapshots() -> None:
    ran = subprocess.run(
        ["npm", "test"], cwd=EXTENSION, capture_output=True, text=True, timeout=300, check=False
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "highlighting.test.bot run successfuly" in ran.stdout
    assert "snapshots/balance.bot run successfully" in ran.stdout


@needs_node
def test_vsce_packages_an_installable_vsix(tmp_path: Path) -> None:
    vsix = tmp_path / "botc.vsix"
    ran = subprocess.run(
        [str(NODE_TOOLS / "vsce"), "package", "--skip-license", "--allow-missing-repository",
         "-o", str(vsix)],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    with zipfile.ZipFile(vsix) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("extension/package.json"))
    assert {
        "extension/extension.js",
        "extension/language-configuration.json",
        "extension/syntaxes/bot.tmLanguage.json",
        "extension/node_modules/vscode-languageclient/package.json",
    } <= names
    assert not any(name.startswith("extension/test/") for name in names)
    assert manifest["contributes"]["languages"][0]["extensions"] == [".bot"]


def test_the_client_hands_the_server_bot_files_and_the_json_of_card_files() -> None:
    client = (EXTENSION / "extension.js").read_text()
    assert '{ scheme: "file", language: "bot" }' in client
    assert '{ scheme: "file", language: "json" }' in client
