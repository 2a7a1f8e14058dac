"""Redirects of integration calls (issue 9.2, docs/SECURITY.md "Redirects"), against two
local HTTP servers: different ports are different origins."""

from __future__ import annotations

from typing import Any

from httpstub import HttpStub

from botc.compiler import compile_source
from botc.runtime.drivers.http import HttpPerformer
from botc.runtime.drivers.redirects import MAX_REDIRECTS
from botc.runtime.drivers.session import Session
from botc.runtime.loading import load_table

KEY = "key-R4d1r3ct"
KEY_SLOT = {"at": ["headers", "X-Api-Key"], "parts": [{"secret": "API_KEY"}]}


def effect(url: str, *, follow: bool, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "effect": "http",
        "id": "e1",
        "integration": "Orders",
        "method": "GET",
        "url": url,
        "headers": {"X-Api-Key": "{{ secret.API_KEY }}", "Authorization": "Basic abc"},
        "body": None,
        "timeout_ms": 5000,
        "follow_redirects": follow,
        "secrets": [KEY_SLOT],
    }
    base.update(fields)
    return base


def perform(one: dict[str, Any]) -> dict[str, Any]:
    with HttpPerformer(secrets={"API_KEY": KEY}) as performer:
        return performer.perform(one)


def test_a_redirect_is_not_followed_unless_the_integration_says_so() -> None:
    with HttpStub() as first, HttpStub() as other:
        first.reply("GET", "/orders", status=302, headers={"Location": other.url("/x")})
        other.reply("GET", "/x", json={"status": "shipped"})
        result = perform(effect(first.url("/orders"), follow=False))
    assert result["status"] == 302
    assert other.requests == []


def test_a_followed_redirect_on_the_same_origin_keeps_the_headers() -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/orders", status=301, headers={"Location": "/v2/orders"})
        stub.reply("GET", "/v2/orders", json={"n": 1})
        result = perform(effect(stub.url("/orders"), follow=True))
    assert result["status"] == 200
    moved = stub.requests_to("/v2/orders")[0]
    assert moved.headers["x-api-key"] == KEY
    assert moved.headers["authorization"] == "Basic abc"


def test_a_followed_redirect_to_another_origin_carries_no_integration_header() -> None:
    with HttpStub() as first, HttpStub() as other:
        first.reply("GET", "/orders", status=302, headers={"Location": other.url("/x")})
        other.reply("GET", "/x", json={"status": "shipped"})
        result = perform(effect(first.url("/orders"), follow=True))
    assert result["body"] == {"status": "shipped"}
    [arrived] = other.requests
    assert "x-api-key" not in arrived.headers
    assert "authorization" not in arrived.headers
    assert KEY not in repr(arrived)


def test_headers_dropped_once_stay_dropped_when_the_chain_comes_back() -> None:
    with HttpStub() as first, HttpStub() as other:
        first.reply("GET", "/orders", status=302, headers={"Location": other.url("/hop")})
        other.reply("GET", "/hop", status=302, headers={"Location": first.url("/back")})
        first.reply("GET", "/back", json={})
        perform(effect(first.url("/orders"), follow=True))
    assert "x-api-key" not in first.requests_to("/back")[0].headers


def test_a_body_holding_a_secret_is_never_re_sent_to_another_origin() -> None:
    with HttpStub() as first, HttpStub() as other:
        first.reply("POST", "/pay", status=307, headers={"Location": other.url("/pay")})
        other.reply("POST", "/pay", json={})
        result = perform(
            effect(
                first.url("/pay"),
                follow=True,
                method="POST",
                body={"key": "{{ secret.API_KEY }}"},
                secrets=[KEY_SLOT, {"at": ["body", "key"], "parts": [{"secret": "API_KEY"}]}],
            )
        )
    assert result["error"].startswith("redirect not followed: a redirect to another origin")
    assert other.requests == []


def test_a_307_to_another_origin_re_sends_a_body_without_secrets_but_no_headers() -> None:
    with HttpStub() as first, HttpStub() as other:
        first.reply("POST", "/pay", status=307, headers={"Location": other.url("/pay")})
        other.reply("POST", "/pay", json={})
        perform(effect(first.url("/pay"), follow=True, method="POST", body={"n": 1}))
    [arrived] = other.requests
    assert arrived.json() == {"n": 1}
    assert arrived.headers["content-type"] == "application/json"
    assert "x-api-key" not in arrived.headers


def test_a_303_turns_a_post_into_a_get_without_the_body() -> None:
    with HttpStub() as stub:
        stub.reply("POST", "/pay", status=303, headers={"Location": "/receipt"})
        stub.reply("GET", "/receipt", json={"ok": True})
        result = perform(effect(stub.url("/pay"), follow=True, method="POST", body={"n": 1}))
    assert result["body"] == {"ok": True}
    assert stub.requests_to("/receipt")[0].body == b""


def test_too_many_redirects_fail_the_call() -> None:
    with HttpStub() as stub:
        stub.reply("GET", "/loop", status=302, headers={"Location": "/loop"})
        result = perform(effect(stub.url("/loop"), follow=True))
    assert result["error"] == f"redirect not followed: more than {MAX_REDIRECTS} redirects"
    assert len(stub.requests) == MAX_REDIRECTS + 1


BOT = """\
integration Orders
    api GET "{base}/orders"
    header "X-Api-Key" "{{{{ secret.API_KEY }}}}"
{follow}    store state = response.body.state

dialog order
    user says "order"
    call Orders
        on success -> shown
        on failure -> failed
    shown: say "Order {{{{ Orders.state }}}}."
    end
    failed: say "No order ({{{{ Orders.status }}}})."
"""


def _ask(first: HttpStub, other: HttpStub, follow: str) -> list[str]:
    first.reply("GET", "/orders", status=302, headers={"Location": other.url("/orders")})
    other.reply("GET", "/orders", json={"state": "shipped"})
    result = compile_source(BOT.format(base=first.url(""), follow=follow), "orders.bot")
    assert result.table is not None, result.diagnostics
    session = Session(load_table(result.table), HttpPerformer(secrets={"API_KEY": KEY}))
    turn = session.send({"type": "TEXT", "data": {"message": "order"}})
    return [item["data"]["message"] for item in turn.response["response"]]


def test_a_bot_without_follow_redirects_sees_the_redirect_as_a_failure() -> None:
    with HttpStub() as first, HttpStub() as other:
        assert _ask(first, other, "") == ["No order (302)."]
        assert other.requests == []


def test_a_bot_with_follow_redirects_gets_the_other_origins_answer_without_its_key() -> None:
    with HttpStub() as first, HttpStub() as other:
        assert _ask(first, other, "    follow redirects\n") == ["Order shipped."]
        assert "x-api-key" not in other.requests[0].headers
