"""LivePerson's own schemas, loaded for tests, and Hypothesis strategies drawn from them.

The files live outside the package, in `../shared/vendor/` next to the repository (see
each folder's SOURCE.txt); the package never reads them. Every helper skips the calling
test, with a message saying where the files were looked for, when they are absent.

    validate_structured_content(x)  # json-pollock rich_content.json (Draft 7)
    validate_quick_replies(x)       # lp-rich-content-validator quickReplies.json
    validate_bot_response(resp)     # custom-endpoint v1.json BotResponse + Analytics
    instances(schema_name)          # a strategy of documents built from a vendor schema

How the files are read, and the documented adjustments:
- json-pollock: each file is registered under its file name, so the bare `$ref`s
  ("action.json") resolve to their siblings, as json-pollock's SchemaValidator does.
- quickReplies.json refers to `../rich/button.json`, which is json-pollock's button; its
  `itemsPerRow` limit is written with the non-standard `min`/`max`, which are read here
  as `minimum`/`maximum` (the vendor's stated 1-8).
- v1.json says `metadata` is an object while LivePerson's documentation (seed 003, 004)
  and json-pollock's own sync script make it an array; it is read as an array. Its
  `Action.name` enum lacks `SIGNAL` and `SEND_SECURE_FORM`, which seed 003 documents;
  they are added. Nothing else is changed.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from jsonschema import Draft7Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

VENDOR_DIR = (Path(__file__).resolve().parent.parent / ".." / "shared" / "vendor").resolve()
_BASE = "https://vendor.invalid/"
_POLLOCK = _BASE + "rich/"
_QUICK_REPLIES = _BASE + "web/quickReplies.json"
_CUSTOM_ENDPOINT = _BASE + "custom-endpoint/v1.json"

# Quick replies in a Custom Endpoint response travel as {"quickReplies": ..., "message": ...}.
QUICK_REPLIES_KEY = "quickReplies"


def require_vendor() -> Path:
    """The vendor folder; skips the calling test when it is not there."""
    if not (VENDOR_DIR / "json-pollock" / "rich_content.json").is_file():
        pytest.skip(f"LivePerson's vendor schemas are not at {VENDOR_DIR} "
                    "(expected ../shared/vendor next to the repository)")
    return VENDOR_DIR


def _load(relative: str) -> Any:
    return json.loads((require_vendor() / relative).read_text(encoding="utf-8"))


def _patched_quick_replies() -> dict[str, Any]:
    schema = _load("quick-replies/quickReplies.json")
    per_row = schema["properties"]["itemsPerRow"]
    per_row["minimum"], per_row["maximum"] = per_row.pop("min"), per_row.pop("max")
    return schema  # type: ignore[no-any-return]


def _patched_custom_endpoint() -> dict[str, Any]:
    spec = _load("custom-endpoint/v1.json")
    schemas = spec["components"]["schemas"]
    for item in ("Text", "StructuredContent"):
        schemas[item]["properties"]["data"]["properties"]["metadata"] = {"type": "array"}
    schemas["Action"]["properties"]["data"]["properties"]["name"]["enum"] += [
        "SIGNAL", "SEND_SECURE_FORM"]
    return spec  # type: ignore[no-any-return]


@functools.cache
def registry() -> Registry:
    """Every vendor schema under its URI, ready for `$ref` resolution."""
    resources = [
        (_POLLOCK + path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT7))
        for path in sorted((require_vendor() / "json-pollock").glob("*.json"))
    ]
    resources.append((_QUICK_REPLIES, DRAFT7.create_resource(_patched_quick_replies())))
    resources.append((_CUSTOM_ENDPOINT, DRAFT7.create_resource(_patched_custom_endpoint())))
    return Registry().with_resources(resources)


SCHEMAS: dict[str, str] = {
    "rich_content": _POLLOCK + "rich_content.json",
    "button": _POLLOCK + "button.json",
    "quickReplies": _QUICK_REPLIES,
    "BotResponse": _CUSTOM_ENDPOINT + "#/components/schemas/BotResponse",
    "Analytics": _CUSTOM_ENDPOINT + "#/components/schemas/Analytics",
}


def _one_of(validator: Any, options: list[Any], instance: Any, schema: Any) -> Any:
    """Draft 7 `oneOf`, deciding each alternative with `is_valid` (its first error) rather
    than collecting all of its errors: the same verdict, without the exponential cost
    of json-pollock's nested `elements` under every failing alternative."""
    fitting = sum(validator.evolve(schema=option).is_valid(instance) for option in options)
    if fitting != 1:
        yield ValidationError(f"{instance!r} fits {fitting} of the oneOf alternatives")


_Draft7 = validators.extend(Draft7Validator, {"oneOf": _one_of})


@functools.cache
def validator(name: str) -> Any:
    """A Draft 7 validator for one of `SCHEMAS` (formats are not checked, as in Draft 7)."""
    return _Draft7({"$ref": SCHEMAS[name]}, registry=registry())


def is_valid(name: str, instance: object) -> bool:
    return validator(name).is_valid(instance)


def validate_structured_content(content: object) -> None:
    """Raises jsonschema.ValidationError unless `content` is valid json-pollock."""
    validator("rich_content").validate(content)


def validate_quick_replies(value: object) -> None:
    """Raises jsonschema.ValidationError unless `value` is a valid quickReplies object."""
    validator("quickReplies").validate(value)


def validate_bot_response(response: object) -> None:
    """Raises unless `response` is a Custom Endpoint reply LivePerson's files accept:
    `{"response": BotResponse, "analytics": Analytics}`, each structured content valid
    json-pollock or a quick-replies message. AssertionError for the outer shape,
    jsonschema.ValidationError for what the schemas reject."""
    assert isinstance(response, dict), f"a response must be an object, not {response!r}"
    assert set(response) == {"response", "analytics"}, (
        f"the keys must be response and analytics: {response}")
    validator("BotResponse").validate(response["response"])
    validator("Analytics").validate(response["analytics"])
    for item in response["response"]:
        if item.get("type") != "STRUCTURED_CONTENT":
            continue
        content = item["data"]["structuredContent"]
        if QUICK_REPLIES_KEY in content:
            assert isinstance(content.get("message"), str), f"quick replies need a message: {item}"
            validate_quick_replies(content[QUICK_REPLIES_KEY])
        else:
            validate_structured_content(content)


# --- documents drawn from the schemas ----------------------------------------------------

# Lists are kept short so documents stay small; `with_one_mistake` grows them past limits.
_LIST_CAP = 3
_DEPTH = 3
_TEXT = st.text(alphabet="ab é-", max_size=6)


@functools.cache
def instances(name: str) -> st.SearchStrategy[Any]:
    """Documents built from the vendor schema `name` (see `SCHEMAS`): every property kind,
    optional fields present or not, strings up to their exact `maxLength`. Most are valid;
    some are not (an untyped element may fit two kinds of a `oneOf`) — the tests ask the
    validator, never assume."""
    resolver = registry().resolver()
    resolved = resolver.lookup(SCHEMAS[name])
    return _strategy(resolved.contents, resolved.resolver, 0)


def _strategy(node: Any, resolver: Any, depth: int) -> st.SearchStrategy[Any]:
    if "$ref" in node:
        resolved = resolver.lookup(node["$ref"])
        return st.deferred(lambda: _strategy(resolved.contents, resolved.resolver, depth))
    for key in ("oneOf", "anyOf"):
        if key in node:
            return st.one_of([_strategy(option, resolver, depth) for option in node[key]])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type", "object" if "properties" in node else None)
    if kind == "object":
        return _object(node, resolver, depth)
    if kind == "array":
        return _array(node, resolver, depth)
    if kind == "string":
        limit = node.get("maxLength")
        low = node.get("minLength", 0)
        if limit is None:
            return _TEXT.filter(lambda s: len(s) >= low) if low else _TEXT
        return st.one_of(_TEXT.map(lambda s: s[:limit]).filter(lambda s: len(s) >= low),
                         st.just("x" * limit))
    if kind in ("number", "integer"):
        low, high = node.get("minimum"), node.get("maximum")
        numbers = st.integers(min_value=low, max_value=high)
        if kind == "number":
            numbers = numbers | st.floats(low, high, allow_nan=False, allow_infinity=False)
        return numbers
    if kind == "boolean":
        return st.booleans()
    return st.just({"type": "ExternalId", "id": "ABCD1234"})  # an unconstrained value


def _object(node: Any, resolver: Any, depth: int) -> st.SearchStrategy[Any]:
    properties = node.get("properties", {})
    required = set(node.get("required", ()))
    deeper = depth + 1

    def field(schema: Any) -> st.SearchStrategy[Any]:
        return st.deferred(lambda: _strategy(schema, resolver, deeper))

    return st.fixed_dictionaries(
        {k: field(v) for k, v in properties.items() if k in required},
        optional={k: field(v) for k, v in properties.items() if k not in required},
    )


def _array(node: Any, resolver: Any, depth: int) -> st.SearchStrategy[Any]:
    items = node.get("items", {})
    low = node.get("minItems", 0)
    high = min(node.get("maxItems", _LIST_CAP), max(low, _LIST_CAP if depth < _DEPTH else low))
    if isinstance(items, list):
        positions = [_strategy(item, resolver, depth + 1) for item in items]
        return st.integers(low, high).flatmap(
            lambda n: st.tuples(*positions[:n]).map(list))
    if not items:
        return st.lists(st.just({"type": "ExternalId", "id": "ABCD1234"}), max_size=2)
    return st.lists(_strategy(items, resolver, depth + 1), min_size=low, max_size=high)


# --- planted mistakes --------------------------------------------------------------------

_WRONG_VALUES = (5, 2.5, "bogus", True, None, [], {}, -1, 0)
# Lengths just past the vendor limits (4 actions, 10 cards, 20, 24 replies, 32, 50, 256).
_GROWN_LENGTHS = (0, 1, 2, 3, 5, 11, 21, 25, 33, 51, 257)
_LONGER_BY = (1, 65, 129, 257, 1025, 2001, 5001)


def _locations(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _locations(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _locations(item, (*path, index))
    return found


def _replace(doc: Any, path: tuple[Any, ...], change: Callable[[Any], Any]) -> Any:
    if not path:
        return change(doc)
    doc = copy.deepcopy(doc)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    result = change(parent[path[-1]])
    if result is _DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = result
    return doc


_DELETE = object()


@functools.cache
def documents(name: str) -> st.SearchStrategy[Any]:
    """Documents of the vendor schema `name`, half of them with one planted mistake."""
    return st.one_of(instances(name), with_one_mistake(instances(name)))


@st.composite
def with_one_mistake(draw: st.DrawFn, documents: st.SearchStrategy[Any]) -> Any:
    """A document from `documents` with one planted change: a key removed, an extra key,
    a value of the wrong type or an unknown enum word, a string made longer, a list
    grown or emptied."""
    doc = draw(documents)
    path = draw(st.sampled_from(_locations(doc)))
    target = _replace(doc, path, lambda v: v) if path else doc
    for step in path:
        target = target[step]
    options: list[Callable[[Any], Any]] = [lambda _v: draw(st.sampled_from(_WRONG_VALUES))]
    if path:
        options.append(lambda _v: _DELETE)
    if isinstance(target, dict):
        options.append(lambda v: {**v, draw(st.sampled_from(["bogus", "type", "title"])): "x"})
    if isinstance(target, str):
        options.append(lambda v: v + "x" * draw(st.sampled_from(_LONGER_BY)))
        options.append(lambda v: v + "-bogus")
    if isinstance(target, list) and target:
        options.append(lambda v: (v * 257)[: draw(st.sampled_from(_GROWN_LENGTHS))])
    change = draw(st.sampled_from(options))
    return _replace(doc, path, change)
