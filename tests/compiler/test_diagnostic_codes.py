"""Stable diagnostic codes: one registry, a section of docs/DIAGNOSTICS.md for each code
whose example really triggers it, and a code on every diagnostic the fixtures produce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from botc.compiler.build import load_bot
from botc.compiler.checks.context import TARGETS
from botc.compiler.cli import main
from botc.compiler.compile import compile_file, compile_source
from botc.compiler.verification import findings, verify_bot
from botc.dsl.diagnostic_codes import CODES

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "DIAGNOSTICS.md"
_SECTION = re.compile(r"^## (BOT\d{3}) — (.+)$", re.MULTILINE)
_EXAMPLE = re.compile(r"```bot\n(.*?)```", re.DOTALL)


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    heads = list(_SECTION.finditer(text))
    return {
        head.group(1): text[head.start() : heads[i + 1].start() if i + 1 < len(heads) else None]
        for i, head in enumerate(heads)
    }


def test_every_registered_code_has_a_section_titled_as_registered() -> None:
    titles = {
        code: section.split("\n", 1)[0].split(" — ", 1)[1] for code, section in _sections().items()
    }
    assert titles == {code: entry.title for code, entry in CODES.items()}


def test_codes_are_in_their_ranges_and_well_formed() -> None:
    assert all(re.fullmatch(r"BOT[0-7]\d\d", code) for code in CODES)


_EXAMPLES = [code for code, entry in CODES.items() if entry.has_example]
_CHECK_EXAMPLES = [code for code in _EXAMPLES if not code.startswith("BOT5")]
_VERIFY_EXAMPLES = [code for code in _EXAMPLES if code.startswith("BOT5")]


def _example(code: str) -> str:
    found = _EXAMPLE.search(_sections()[code])
    assert found is not None, f"{code} has no ```bot example"
    return found.group(1)


@pytest.mark.parametrize("code", _CHECK_EXAMPLES)
def test_the_documented_example_triggers_its_code(code: str, tmp_path: Path) -> None:
    produced = {
        diagnostic.code
        for target in TARGETS
        for diagnostic in compile_source(
            _example(code), "example.bot", target=target, base_dir=tmp_path
        ).diagnostics
    }
    assert code in produced


@pytest.mark.parametrize("code", _VERIFY_EXAMPLES)
def test_verify_on_the_documented_example_reports_its_code(code: str, tmp_path: Path) -> None:
    bot = tmp_path / "example.bot"
    bot.write_text(_example(code), encoding="utf-8")
    result = verify_bot(load_bot(bot), depth=6, budget_seconds=60)
    assert code in {diagnostic.code for diagnostic in result.diagnostics}


def test_every_verify_finding_class_is_a_registered_code() -> None:
    classes = [value for value in vars(findings).values() if isinstance(value, findings.BugClass)]
    assert classes and {bug.code for bug in classes} <= set(CODES)


def _fixtures() -> list[Path]:
    folders = ("tests/bots", "examples", "tests/verification/bots", "tests/newcomer/bots")
    return sorted(path for folder in folders for path in (REPO / folder).rglob("*.bot"))


def test_every_diagnostic_over_the_fixtures_has_a_registered_code() -> None:
    uncoded = [
        f"{path}:{diagnostic.span.line}: {diagnostic.message}"
        for path in _fixtures()
        for target in TARGETS
        for diagnostic in compile_file(str(path), target=target).diagnostics
        if diagnostic.code not in CODES
    ]
    assert uncoded == []


def test_check_explain_prints_the_codes_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--explain", "bot405"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("BOT405 — a pattern that can never win\n")
    assert "## BOT406" not in out and "```bot" in out


def test_check_explain_of_an_unknown_code_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--explain", "BOT999"]) == 2
    assert "no diagnostic code 'BOT999'" in capsys.readouterr().err


def test_verify_output_shows_the_code_after_the_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bot = tmp_path / "a.bot"
    bot.write_text('dialog a\n    user says "remember *"\n    set note = star[0]\n', "utf-8")
    assert main(["verify", str(bot)]) == 0
    assert f"{bot}:3:5: warning[BOT503]: the consumer's text" in capsys.readouterr().err


def test_check_explain_prints_a_verify_codes_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--explain", "BOT512"]) == 0
    assert capsys.readouterr().out.startswith("BOT512 — an upload outcome nothing follows up\n")


def test_check_output_shows_the_code_after_the_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bot = tmp_path / "a.bot"
    bot.write_text('dialog a\n    user says "hi"\n    goto nowhere\n', encoding="utf-8")
    assert main(["check", str(bot)]) == 1
    assert f"{bot}:3:10: error[BOT202]: no label `nowhere`" in capsys.readouterr().err
