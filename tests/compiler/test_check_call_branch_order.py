"""A `when` on a call's stored fields placed before `on failure`: a failed call faults there."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from botc.compiler import CompileResult

CompileText = Callable[..., CompileResult]

_BOT = """
integration Balance
    api GET "http://127.0.0.1:9/balance"
    store balance = response.body.balance

dialog d
    user says "hi"
    call Balance
{branches}
    say "ok"
    end
    low: say "low"
    end
    sorry: say "sorry"
"""


def _compiled(compile_text: CompileText, *branches: str) -> list[tuple[int, int, str]]:
    text = _BOT.format(branches="\n".join(f"        {branch}" for branch in branches))
    return [
        (d.span.line, d.span.column, d.severity) for d in compile_text(text).diagnostics
    ]


def test_a_when_on_a_stored_field_before_on_failure_is_a_warning_at_the_read(
    compile_text: CompileText,
) -> None:
    found = compile_text(_BOT.format(branches="        when Balance.balance < 0 -> low\n"
                                              "        on failure -> sorry"))
    [warning] = found.diagnostics
    assert (warning.span.line, warning.span.column) == (8, 14)
    assert "`Balance.balance` without a value" in warning.message
    assert warning.hint == "put `on failure -> ...` above it, or write `Balance.ok and ...`"


@pytest.mark.parametrize(
    "branches",
    [
        ("on failure -> sorry", "when Balance.balance < 0 -> low"),
        ("when Balance.ok and Balance.balance < 0 -> low", "on failure -> sorry"),
        ("when Balance.balance | default(0) < 0 -> low", "on failure -> sorry"),
        ("when Balance.status == 404 -> low", "on failure -> sorry"),
    ],
)
def test_a_read_a_failed_call_cannot_reach_is_fine(
    compile_text: CompileText, branches: tuple[str, ...]
) -> None:
    assert _compiled(compile_text, *branches) == []
