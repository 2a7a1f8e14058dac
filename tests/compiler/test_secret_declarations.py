"""Secrets in integrations: only `{{ secret.NAME }}` is accepted, and the names read that
way are the integration's declared `secrets` in the table (compiler/secret_reads.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from botc.compiler import CompileResult

CompileText = Callable[..., CompileResult]


def _integration(*lines: str) -> str:
    return "integration A\n" + "".join(f"    {line}\n" for line in lines)


def test_names_read_in_url_headers_and_body_are_declared_sorted(
    compile_text: CompileText,
) -> None:
    result = compile_text(
        _integration(
            'api POST "http://127.0.0.1/?k={{ secret.URL_KEY }}"',
            'header "Authorization" "Bearer {{ secret.TOKEN }}"',
            'body {"auth": ["{{ secret[\\"BODY_KEY\\"] }}"], "who": "{{ user.message }}"}',
        )
    )
    assert result.ok
    assert result.table is not None
    assert result.table["integrations"]["A"]["secrets"] == ["BODY_KEY", "TOKEN", "URL_KEY"]


def test_an_integration_without_secrets_declares_none(compile_text: CompileText) -> None:
    result = compile_text(_integration('api GET "http://127.0.0.1/{{ user.message }}"'))
    assert result.table is not None
    assert result.table["integrations"]["A"]["secrets"] == []


def test_a_conversation_builder_secret_form_is_declared(compile_text: CompileText) -> None:
    result = compile_text(_integration('api GET "http://127.0.0.1/"', 'header "K" "{secret.KEY}"'))
    assert result.table is not None
    assert result.table["integrations"]["A"]["secrets"] == ["KEY"]


@pytest.mark.parametrize(
    "value",
    [
        "{{ secret.TOKEN | upper }}",
        "{{ secret[name] }}",
        "{{ secret }}",
        "{% if secret.TOKEN %}x{% endif %}",
        "{{ 'Bearer ' ~ secret.TOKEN }}",
    ],
)
def test_any_other_use_of_secret_is_an_error_at_its_string(
    compile_text: CompileText, value: str
) -> None:
    result = compile_text(_integration('api GET "http://127.0.0.1/"', f'header "K" "{value}"'))
    [error] = result.errors
    assert error.message == "a secret can only be sent as it is, written `{{ secret.NAME }}`"
    assert (error.span.line, error.span.column) == (3, 16)
    assert error.hint is not None and "{{ secret.NAME }}" in error.hint


def test_a_secret_in_a_store_expression_is_an_error(compile_text: CompileText) -> None:
    result = compile_text(
        _integration('api GET "http://127.0.0.1/"', "store leaked = secret.TOKEN")
    )
    [error] = result.errors
    assert error.message == "`secret` is not defined in a `store` expression"
    assert error.span.line == 3


def test_follow_redirects_is_lowered_into_the_integration(compile_text: CompileText) -> None:
    follows = compile_text(_integration('api GET "http://127.0.0.1/"', "follow redirects"))
    stays = compile_text(_integration('api GET "http://127.0.0.1/"'))
    assert follows.table is not None and stays.table is not None
    assert follows.table["integrations"]["A"]["follow_redirects"] is True
    assert stays.table["integrations"]["A"]["follow_redirects"] is False
