"""Integration calls as effects (WIRE.md 4) and what their results mean (LANGUAGE.md 3.2).

`http_effect` / `upload_effect` render an integration's request: the url, headers and
body as display text (a secret shown as `{{ secret.NAME }}`), and under `secrets` the
parts of each text where the integration's own template reads a secret
(runtime/secret_slots.py), for the driver to fill. `call_outcome` turns an EFFECT_RESULT
into the custom-field record `{field..., "ok", "status"}` by evaluating the integration's
`store` expressions with `response` bound.
"""

from __future__ import annotations

from typing import Any

import attrs

from botc.runtime.faults import Fault, RuntimeFault
from botc.runtime.json_types import JsonDict
from botc.runtime.secret_slots import render_with_secrets
from botc.runtime.turn import Turn


@attrs.frozen
class CallOutcome:
    """The result of one `call`: whether it succeeded, the record stored under the
    integration's name, and `response` as expressions see it (None after a network error)."""

    ok: bool
    record: JsonDict
    response: JsonDict | None


def http_effect(turn: Turn, integration_name: str) -> JsonDict:
    """The `http` effect of calling an `api` integration, rendered in the current scope."""
    integration = turn.table.integrations[integration_name]
    slots: list[JsonDict] = []
    request = _request(turn, integration, slots)  # rendered first: a failing template uses no id
    body = _render_json(turn, integration, integration["body"], ("body",), slots)
    return {
        "effect": "http",
        "id": turn.next_effect_id(),
        "integration": integration_name,
        "method": integration["method"],
        **request,
        "body": body,
        "timeout_ms": integration["timeout_ms"],
        "follow_redirects": integration["follow_redirects"],
        "secrets": slots,
    }


def upload_effect(turn: Turn, integration_name: str, file: JsonDict) -> JsonDict:
    """The `upload` effect of a `file` integration sending the accepted `file`."""
    integration = turn.table.integrations[integration_name]
    slots: list[JsonDict] = []
    request = _request(turn, integration, slots)
    return {
        "effect": "upload",
        "id": turn.next_effect_id(),
        "integration": integration_name,
        "method": integration["method"],
        **request,
        "file": file,
        "timeout_ms": integration["timeout_ms"],
        "follow_redirects": integration["follow_redirects"],
        "secrets": slots,
    }


def _request(turn: Turn, integration: JsonDict, slots: list[JsonDict]) -> JsonDict:
    url = _render(turn, integration, integration["url"], ("url",), slots)
    headers = {
        header["name"]: _render(
            turn, integration, header["value"], ("headers", header["name"]), slots
        )
        for header in integration["headers"]
    }
    return {"url": url, "headers": headers}


def _render(
    turn: Turn, integration: JsonDict, source: str, at: tuple[Any, ...], slots: list[JsonDict]
) -> str:
    """The display text of one template of the request; its secret slots, if any, are
    appended to `slots` with the path `at` of the text in the effect."""
    if "secret" not in source:
        return turn.render(source)
    declared = frozenset(integration["secrets"])
    text = render_with_secrets(lambda secret: turn.render(source, secret=secret), declared)
    if text.parts is not None:
        slots.append({"at": list(at), "parts": list(text.parts)})
    return text.display


def _render_json(
    turn: Turn, integration: JsonDict, value: Any, at: tuple[Any, ...], slots: list[JsonDict]
) -> Any:
    """A copy of the body with every string leaf rendered (see `_render`)."""
    if isinstance(value, str):
        return _render(turn, integration, value, at, slots)
    if isinstance(value, list):
        return [
            _render_json(turn, integration, item, (*at, index), slots)
            for index, item in enumerate(value)
        ]
    if isinstance(value, dict):
        return {
            key: _render_json(turn, integration, item, (*at, key), slots)
            for key, item in value.items()
        }
    return value


def call_outcome(turn: Turn, integration_name: str, result: JsonDict) -> CallOutcome:
    """What the EFFECT_RESULT data `result` of a call means: ok when the status is 2xx and
    every `store` evaluates. Stores that evaluate are kept even on failure, so that a bot
    can read an error body; a store failing on a 2xx reply is logged as a fault."""
    if "error" in result:
        return CallOutcome(False, {"ok": False, "status": None}, None)
    status = int(result["status"])
    headers = {str(k).lower(): v for k, v in (result.get("headers") or {}).items()}
    response = {"status": status, "headers": headers, "body": result.get("body")}
    ok = 200 <= status < 300
    record: JsonDict = {}
    integration = turn.table.integrations[integration_name]
    for store in integration["stores"]:
        try:
            record[store["field"]] = turn.evaluate(store["expression"], response=response)
        except RuntimeFault as fault:
            if ok:
                message = f"store {store['field']} of {integration_name} failed: {fault.message}"
                turn.faults.append(Fault(message, None, store["line"], turn.table.source))
            ok = False
    record.update(ok=ok, status=status)
    return CallOutcome(ok, record, response)
