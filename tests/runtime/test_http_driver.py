"""HttpPerformer against a real local HTTP server: requests, replies and every failure."""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from httpstub import HttpStub, closed_port
from hypothesis import given, settings
from hypothesis import strategies as st

from botc.runtime.drivers.http import HttpPerformer


def http_effect(url: str, **fields: Any) -> dict[str, Any]:
    effect: dict[str, Any] = {
        "effect": "http",
        "id": "e1",
        "integration": "Balance",
        "method": "GET",
        "url": url,
        "headers": {},
        "body": None,
        "timeout_ms": 5000,
    }
    effect.update(fields)
    return effect


def slot(*at: Any, parts: list[Any]) -> dict[str, Any]:
    """An effect's `secrets` entry: the text at `at` is made of `parts`."""
    return {"at": list(at), "parts": parts}


def upload_effect(url: str, file: dict[str, Any], **fields: Any) -> dict[str, Any]:
    effect: dict[str, Any] = {
        "effect": "upload",
        "id": "e2",
        "integration": "Documents",
        "method": "POST",
        "url": url,
        "headers": {},
        "file": file,
        "timeout_ms": 5000,
    }
    effect.update(fields)
    return effect


def test_get_reply_gives_status_and_parsed_json_body() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("GET", "/balance", json={"data": {"balance": 12.5}})
        result = performer.perform(http_effect(stub.url("/balance")))
    assert result["id"] == "e1"
    assert result["status"] == 200
    assert result["body"] == {"data": {"balance": 12.5}}
    assert stub.requests[0].method == "GET"


def test_request_carries_the_effect_headers() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("GET", "/balance", json={})
        performer.perform(http_effect(stub.url("/balance"), headers={"X-Account": "123456"}))
    assert stub.requests[0].headers["x-account"] == "123456"


def test_post_sends_the_body_as_json() -> None:
    body = {"account": "123456", "amounts": [1, 2.5], "note": "é"}
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("POST", "/orders", status=201, json={"id": 7})
        result = performer.perform(http_effect(stub.url("/orders"), method="POST", body=body))
    assert result["status"] == 201
    assert stub.requests[0].json() == body
    assert stub.requests[0].headers["content-type"] == "application/json"


def test_reply_header_names_are_lowercase() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("GET", "/h", json={}, headers={"X-Request-Id": "abc"})
        result = performer.perform(http_effect(stub.url("/h")))
    assert result["headers"]["x-request-id"] == "abc"


def test_non_2xx_reply_is_a_result_with_its_status_and_body() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("GET", "/missing", status=404, json={"error": "no such account"})
        result = performer.perform(http_effect(stub.url("/missing")))
    assert result["status"] == 404
    assert result["body"] == {"error": "no such account"}
    assert "error" not in result


def test_non_json_body_is_passed_as_text() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("GET", "/text", text="<html>maintenance</html>")
        result = performer.perform(http_effect(stub.url("/text")))
    assert result["status"] == 200
    assert result["body"] == "<html>maintenance</html>"


def test_empty_body_is_null() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("DELETE", "/item", status=204)
        result = performer.perform(http_effect(stub.url("/item"), method="DELETE"))
    assert result["status"] == 204
    assert result["body"] is None


def test_server_slower_than_timeout_ms_gives_timeout() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("GET", "/slow", json={}, delay=1.0)
        result = performer.perform(http_effect(stub.url("/slow"), timeout_ms=200))
    assert result == {"id": "e1", "error": "timeout"}


def test_closed_port_gives_connection_refused() -> None:
    url = f"http://127.0.0.1:{closed_port()}/balance"
    with HttpPerformer(secrets={}) as performer:
        result = performer.perform(http_effect(url))
    assert result == {"id": "e1", "error": "connection refused"}


def test_unknown_host_gives_a_failure_naming_the_problem() -> None:
    with HttpPerformer(secrets={}) as performer:
        result = performer.perform(http_effect("http://no-such-host.invalid/balance"))
    assert result["error"].startswith(("unknown host", "connection failed"))


def test_url_without_scheme_gives_invalid_url() -> None:
    with HttpPerformer(secrets={}) as performer:
        result = performer.perform(http_effect("accounts/123/balance"))
    assert result["error"].startswith("invalid url")


AUTHORIZATION_SLOT = slot("headers", "Authorization", parts=["Bearer ", {"secret": "ACME_TOKEN"}])


def test_a_secret_slot_is_filled_from_the_secrets() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={"ACME_TOKEN": "s3cr3t"}) as performer:
        stub.reply("GET", "/balance", json={})
        performer.perform(
            http_effect(
                stub.url("/balance"),
                headers={"Authorization": "Bearer {{ secret.ACME_TOKEN }}"},
                secrets=[AUTHORIZATION_SLOT],
            )
        )
    assert stub.requests[0].headers["authorization"] == "Bearer s3cr3t"


def test_a_body_slot_is_filled_inside_the_json() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={"ACME_TOKEN": "t0k"}) as performer:
        stub.reply("POST", "/p", json={})
        performer.perform(
            http_effect(
                stub.url("/p"),
                method="POST",
                body={"auth": [{"token": "{{ secret.ACME_TOKEN }}"}], "n": 1},
                secrets=[slot("body", "auth", 0, "token", parts=[{"secret": "ACME_TOKEN"}])],
            )
        )
    assert stub.requests[0].json() == {"auth": [{"token": "t0k"}], "n": 1}


def test_placeholder_text_outside_a_slot_is_sent_as_it_is() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={"ACME_TOKEN": "s3cr3t"}) as performer:
        stub.reply("POST", "/p", json={})
        performer.perform(
            http_effect(stub.url("/p"), method="POST", body={"note": "{{secret.ACME_TOKEN}}"})
        )
    assert stub.requests[0].json() == {"note": "{{secret.ACME_TOKEN}}"}


def test_the_environment_is_not_read_by_the_performer(monkeypatch: Any) -> None:
    monkeypatch.setenv("ACME_TOKEN", "from-env")
    with HttpStub() as stub, HttpPerformer() as performer:
        stub.reply("GET", "/balance", json={})
        result = performer.perform(
            http_effect(
                stub.url("/balance"), headers={"Authorization": "x"}, secrets=[AUTHORIZATION_SLOT]
            )
        )
    assert "ACME_TOKEN is not set" in result["error"]
    assert stub.requests == []


def test_missing_secret_is_a_failure_naming_the_variable_and_sends_nothing() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("GET", "/balance", json={})
        result = performer.perform(
            http_effect(
                stub.url("/balance"),
                headers={"Authorization": "{{ secret.ACME_TOKEN }}"},
                secrets=[AUTHORIZATION_SLOT],
            )
        )
    assert "ACME_TOKEN" in result["error"]
    assert stub.requests == []


def test_a_slot_pointing_outside_the_request_is_a_failure_that_sends_nothing() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={"ACME_TOKEN": "s3cr3t"}) as performer:
        stub.reply("GET", "/balance", json={})
        result = performer.perform(
            http_effect(stub.url("/balance"), secrets=[slot("headers", "X-Other", parts=["a"])])
        )
    assert "X-Other" in result["error"]
    assert stub.requests == []


def test_secret_value_never_appears_in_an_error() -> None:
    # the secret lands in the host name, so the failure message would quote it
    with HttpPerformer(secrets={"HOST_PART": "topsecret-value"}) as performer:
        result = performer.perform(
            http_effect(
                "http://{{ secret.HOST_PART }}.invalid/x",
                secrets=[slot("url", parts=["http://", {"secret": "HOST_PART"}, ".invalid/x"])],
            )
        )
    assert "error" in result
    assert "topsecret-value" not in repr(result)


def test_upload_is_a_multipart_post_with_the_file_field() -> None:
    content = b"%PDF-1.4\x00\xff binary"
    file = {
        "relativePath": "docs/id card.pdf",
        "fileType": "PDF",
        "content": base64.b64encode(content).decode(),
    }
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("POST", "/documents", status=201, json={"stored": True})
        result = performer.perform(upload_effect(stub.url("/documents"), file))
    assert result["status"] == 201
    [part] = stub.requests[0].multipart()
    assert (part.name, part.filename, part.content_type) == (
        "file",
        "id card.pdf",
        "application/pdf",
    )
    assert part.content == content


def test_upload_content_type_comes_from_the_extension_without_file_type() -> None:
    file = {"relativePath": "scan.PNG", "content": base64.b64encode(b"png").decode()}
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("POST", "/documents", status=201)
        performer.perform(upload_effect(stub.url("/documents"), file))
    [part] = stub.requests[0].multipart()
    assert part.content_type == "image/png"


def test_upload_fetches_the_bytes_from_the_file_url() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("GET", "/files/photo.jpg", text="JPEGBYTES")
        stub.reply("POST", "/documents", status=201)
        file = {"relativePath": "photo.jpg", "fileType": "JPG", "url": stub.url("/files/photo.jpg")}
        result = performer.perform(upload_effect(stub.url("/documents"), file))
    assert result["status"] == 201
    [part] = stub.requests_to("/documents")[0].multipart()
    assert (part.content, part.content_type) == (b"JPEGBYTES", "image/jpeg")


def test_upload_with_a_url_that_fails_is_a_failure_and_posts_nothing() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        file = {"relativePath": "a.pdf", "fileType": "PDF", "url": stub.url("/gone.pdf")}
        result = performer.perform(upload_effect(stub.url("/documents"), file))
    assert "status 404" in result["error"]
    assert stub.requests_to("/documents") == []


def test_upload_without_content_or_url_is_a_clear_failure() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        file = {"relativePath": "a.pdf", "fileType": "PDF", "size": 1234}
        result = performer.perform(upload_effect(stub.url("/documents"), file))
    assert "neither `content` nor `url`" in result["error"]
    assert stub.requests == []


def test_upload_with_invalid_base64_is_a_failure() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        file = {"relativePath": "a.pdf", "content": "not base64!!"}
        result = performer.perform(upload_effect(stub.url("/documents"), file))
    assert "base64" in result["error"]


def test_upload_replaces_an_author_content_type_with_the_multipart_one() -> None:
    file = {"relativePath": "a.pdf", "content": base64.b64encode(b"x").decode()}
    with HttpStub() as stub, HttpPerformer(secrets={"KEY": "k"}) as performer:
        stub.reply("POST", "/documents", status=201)
        performer.perform(
            upload_effect(
                stub.url("/documents"),
                file,
                headers={"Content-Type": "application/json", "X-Key": "{{ secret.KEY }}"},
                secrets=[slot("headers", "X-Key", parts=[{"secret": "KEY"}])],
            )
        )
    request = stub.requests[0]
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert request.headers["x-key"] == "k"


def test_upload_to_a_slow_server_gives_timeout() -> None:
    file = {"relativePath": "a.pdf", "content": base64.b64encode(b"x").decode()}
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("POST", "/documents", status=201, delay=1.0)
        result = performer.perform(upload_effect(stub.url("/documents"), file, timeout_ms=200))
    assert result == {"id": "e2", "error": "timeout"}


@settings(max_examples=25)
@given(
    content=st.binary(max_size=4096),
    name=st.from_regex(r"[A-Za-z0-9_-]{1,20}\.pdf", fullmatch=True),
)
def test_uploaded_bytes_and_name_arrive_unchanged(content: bytes, name: str) -> None:
    file = {"relativePath": name, "fileType": "PDF", "content": base64.b64encode(content).decode()}
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("POST", "/documents", status=201)
        performer.perform(upload_effect(stub.url("/documents"), file))
    [part] = stub.requests[0].multipart()
    assert (part.filename, part.content) == (name, content)


def test_one_performer_serves_several_threads_at_once() -> None:
    with HttpStub() as stub, HttpPerformer(secrets={}) as performer:
        stub.reply("GET", "/balance", json={"balance": 1})
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(
                pool.map(
                    lambda n: performer.perform(http_effect(stub.url("/balance"), id=f"e{n}")),
                    range(16),
                )
            )
    assert [r["id"] for r in results] == [f"e{n}" for n in range(16)]
    assert all(r["status"] == 200 for r in results)
    assert len(stub.requests) == 16
