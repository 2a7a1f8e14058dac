"""A `store` may not take the name of a field the call's outcome writes (issue 9.10)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from botc.compiler import CompileResult

CompileText = Callable[..., CompileResult]


@pytest.mark.parametrize("field", ["status", "ok"])
def test_a_store_named_like_an_outcome_field_is_an_error_with_a_rename_hint(
    compile_text: CompileText, field: str
) -> None:
    result = compile_text(
        'integration Orders\n    api GET "http://127.0.0.1/o"\n'
        f"    store {field} = response.body.{field}\n"
    )
    [error] = result.errors
    assert error.message.startswith(f"`{field}` is a reserved field name: `Orders.{field}` is ")
    assert (error.span.line, error.span.column) == (3, 11)
    assert error.hint == (
        f"store it under another name, e.g. `store orders_{field} = response.body.{field}`"
    )
    assert result.table is None


def test_other_store_names_are_fine(compile_text: CompileText) -> None:
    result = compile_text(
        'integration Orders\n    api GET "http://127.0.0.1/o"\n'
        "    store order_status = response.body.status\n"
    )
    assert result.diagnostics == ()
