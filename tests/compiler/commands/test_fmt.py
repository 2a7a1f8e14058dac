"""`botc fmt FILE... [--check]` on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from botc.compiler.cli import main

CANONICAL = 'dialog a\n    on start\n    say "x"\n'
MESSY = 'dialog a\n  on start\n  say   "x"\n'


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fmt_rewrites_a_file_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "a.bot", MESSY)
    assert main(["fmt", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert f"reformatted {path}" in capsys.readouterr().out


def test_fmt_leaves_a_canonical_file_untouched(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.bot", CANONICAL)
    before = path.stat().st_mtime_ns
    assert main(["fmt", str(path)]) == 0
    assert path.stat().st_mtime_ns == before


def test_fmt_check_lists_files_that_would_change_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = _write(tmp_path, "messy.bot", MESSY)
    tidy = _write(tmp_path, "tidy.bot", CANONICAL)
    assert main(["fmt", "--check", str(messy), str(tidy)]) == 1
    out = capsys.readouterr().out
    assert out == f"would reformat {messy}\n"
    assert messy.read_text(encoding="utf-8") == MESSY


def test_fmt_check_passes_on_canonical_files(tmp_path: Path) -> None:
    assert main(["fmt", "--check", str(_write(tmp_path, "a.bot", CANONICAL))]) == 0


def test_fmt_of_a_broken_file_prints_diagnostics_exits_2_and_still_formats_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _write(tmp_path, "broken.bot", "dialog a\n    say hi\n")
    messy = _write(tmp_path, "messy.bot", MESSY)
    assert main(["fmt", str(broken), str(messy)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:2:9: error[BOT103]: a `say` needs a quoted text" in err
    assert broken.read_text(encoding="utf-8") == "dialog a\n    say hi\n"
    assert messy.read_text(encoding="utf-8") == CANONICAL


def test_fmt_of_a_missing_file_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fmt", str(tmp_path / "nope.bot")]) == 2
    assert capsys.readouterr().err.startswith("botc: error: cannot read ")


def test_fmt_of_a_file_that_is_not_utf8_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.bot"
    path.write_bytes('dialog a\n    say "caf\xe9"\n'.encode("latin-1"))
    assert main(["fmt", str(path)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_fmt_check_of_a_folder_checks_every_bot_file_under_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "messy.bot").write_text('dialog a\n  on start\n  say   "hi"\n')
    (tmp_path / "clean.bot").write_text('dialog b\n    on start\n    say "hi"\n')
    assert main(["fmt", "--check", str(tmp_path)]) == 1
    assert capsys.readouterr().out == f"would reformat {tmp_path / 'deep' / 'messy.bot'}\n"
