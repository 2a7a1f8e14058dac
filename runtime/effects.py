"""Integration calls as effects (WIRE.md 4) and what their results mean (LANGUAGE.md 3.2).

`http_effect` / `upload_effect` render an integration's request (secrets stay as
placeholders); `call_outcome` turns an EFFECT_RESULT into the custom-field record
`{field..., "ok", "status"}` by evaluating the integration's `store` expressions with
`response` bound.
"""

from __future__ import annotations

from typing import Any

import attrs

from runtime.faults import Fault, RuntimeFault
from runtime.turn import Turn

JsonDict = dict[str, Any]


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
    request = _request(turn, integration)  # rendered first: a failing template uses no id
    body = turn.render_json(integration["body"], secrets=True)
    return {
        "effect": "http",
        "id": turn.next_effect_id(),
        "integration": integration_name,
        "method": integration["method"],
        **request,
        "body": body,
        "timeout_ms": integration["timeout_ms"],
    }


def upload_effect(turn: Turn, integration_name: str, file: JsonDict) -> JsonDict:
    """The `upload` effect of a `file` integration sending the accepted `file`."""
    integration = turn.table.integrations[integration_name]
    request = _request(turn, integration)
    return {
        "effect": "upload",
        "id": turn.next_effect_id(),
        "integration": integration_name,
        "method": integration["method"],
        **request,
        "file": file,
        "timeout_ms": integration["timeout_ms"],
    }


def _request(turn: Turn, integration: JsonDict) -> JsonDict:
    url = turn.render(integration["url"], secrets=True)
    headers = {
        header["name"]: turn.render(header["value"], secrets=True)
        for header in integration["headers"]
    }
    return {"url": url, "headers": headers}


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
