"""compiler.compile and compiler.build: every failure comes back as a diagnostic."""

import json
from pathlib import Path

from botc.compiler import compile_file, compile_source
from botc.compiler.build import load_bot, render_loaded
from botc.compiler.checks.catalogue import run_checks
from botc.compiler.checks.context import CheckContext
from botc.compiler.flow import build_flow
from botc.compiler.symbols import resolve_names
from botc.dsl import parse
from botc.dsl.diagnostics import Diagnostic


def test_a_folder_is_a_diagnostic(tmp_path: Path) -> None:
    [error] = compile_file(tmp_path).diagnostics
    assert error.message == "this is a folder, not a .bot file"


def test_a_file_that_is_not_utf8_is_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "latin.bot"
    path.write_bytes(b"dialog \xe9\n")
    [error] = compile_file(path).diagnostics
    assert "not UTF-8" in error.message


def test_syntax_errors_come_back_as_diagnostics_with_the_source() -> None:
    result = compile_source("dialog a\n    say hello\n", "s.bot")
    assert result.table is None
    assert result.source == "dialog a\n    say hello\n"
    assert result.errors and result.errors[0].filename == "s.bot"


def test_warnings_do_not_stop_the_table() -> None:
    result = compile_source('dialog lonely\n    say "x"\n', "w.bot")
    assert len(result.warnings) == 1
    assert result.table is not None


def test_a_crashing_check_becomes_an_internal_error_diagnostic() -> None:
    module = parse('dialog a\n    on start\n    say "x"\n', "c.bot")
    symbols = resolve_names(module)
    context = CheckContext(module, symbols, build_flow(module, symbols), Path("."),
                           "custom-endpoint")

    def check_that_crashes(context: CheckContext) -> list[Diagnostic]:
        raise RuntimeError("boom")

    [diagnostic] = run_checks(context, (check_that_crashes,))
    assert diagnostic.severity == "error"
    assert diagnostic.filename == "c.bot"
    assert "internal error" in diagnostic.message and "boom" in diagnostic.message


def test_load_bot_compiles_a_bot_file(tmp_path: Path) -> None:
    path = tmp_path / "a.bot"
    path.write_text('dialog a\n    on start\n    say "x"\n')
    loaded = load_bot(path)
    assert loaded.ok and loaded.table is not None
    assert loaded.table["steps"][0]["args"]["text"] == "x"


def test_load_bot_reads_a_json_table(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"format": "botc-table/1"}))
    assert load_bot(path).table == {"format": "botc-table/1"}


def test_load_bot_reports_bad_json_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n  "format": oops\n}')
    loaded = load_bot(path)
    assert not loaded.ok
    [error] = loaded.diagnostics
    assert (error.span.line, error.span.column) == (2, 13)
    assert f"{path}:2:13: error[BOT003]: the table is not JSON" in render_loaded(loaded)


def test_load_bot_reports_compile_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.bot"
    path.write_text("dialog a\n    on start\n    goto x\n")
    loaded = load_bot(path)
    assert not loaded.ok
    assert "no label `x`" in render_loaded(loaded)
