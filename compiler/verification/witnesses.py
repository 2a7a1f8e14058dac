"""Witness texts: one consumer text per class of texts that the bot treats alike.

- `pattern_witnesses(table, index)`: for each `user says` pattern, texts built from it
  (literals kept, a filler word per `*`, each alternative of each choice, each optional
  present and absent; for a `/regex/`, texts generated from it) that the matcher really
  routes to that pattern; and the pattern's text with an exclude word added;
- `branch_candidates(step)`: texts an `ask` step's `when` conditions look for (regex
  witnesses of `matching(...)`, the strings compared, numbers around those compared);
  the explorer keeps, in the state at hand, one candidate per branch that takes it;
- `NOTHING_TEXT`, a text no pattern or condition is built to catch (the fallback class);
- `reply_texts(items)`: the quick-reply titles and button texts a response offers.

Platform texts (`__agent_escalation_failed__`, upload outcomes, `FORM-SUBMISSION-INTENT`)
are not witnesses: `runtime/testing/arrivals.py` says where those arrive.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from botc.compiler.verification.regex_witness import regex_texts
from botc.runtime.normalize import normalize
from botc.runtime.testing.arrivals import Arrivals
from botc.runtime.testing.scripted import text_event
from botc.runtime.testing.vocabulary import matching_regexes, number_literals, string_literals

FILLER = "something"
NOTHING_TEXT = "zq xv"
_MOST_PER_PATTERN = 4


def pattern_witnesses(table: Mapping[str, Any], index: Any) -> list[tuple[int, str]]:
    """`(pattern order, text)` pairs: texts each pattern wins, `index` being the table's
    loaded trigger index (`runtime.matching.matcher.TriggerIndex`)."""
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    for pattern in (table.get("triggers") or {}).get("patterns") or []:
        order = int(pattern["order"])
        kept = 0
        for text in _pattern_texts(pattern):
            normalized = normalize(text)
            if kept >= _MOST_PER_PATTERN or not normalized or normalized in seen:
                continue
            if not Arrivals().allows(text_event(text)):
                continue  # a platform text: it arrives only where arrivals.py says
            match = index.route(normalized)
            if match is not None and match.pattern == order:
                seen.add(normalized)
                found.append((order, text))
                kept += 1
        base = found[-1][1] if kept else None
        for word in (pattern.get("excludes") or [])[:1]:
            if base is not None and f"{base} {word}" not in seen:
                seen.add(f"{base} {word}")
                found.append((order, f"{base} {word}"))
    return found


def _pattern_texts(pattern: Mapping[str, Any]) -> Iterator[str]:
    if pattern.get("regex"):
        yield from regex_texts(str(pattern["regex"]))
        return
    items = pattern.get("pattern") or []
    for variant in _variants(items):
        yield " ".join(variant.split())


def _variants(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """The base text (first alternatives, optionals present), then one text per other
    alternative and per absent optional, each changing one place of the base."""
    base = [_first(item) for item in items]
    texts = ["".join(base)]
    for position, item in enumerate(items):
        for other in _others(item):
            texts.append("".join([*base[:position], other, *base[position + 1 :]]))
    return list(dict.fromkeys(texts))


def _first(item: Mapping[str, Any]) -> str:
    if "text" in item:
        return str(item["text"])
    if item.get("star"):
        return FILLER
    if "choice" in item:
        options = item["choice"]
        return "".join(_first(i) for i in options[0]) if options else ""
    if "optional" in item:
        return "".join(_first(i) for i in item["optional"])
    return ""


def _others(item: Mapping[str, Any]) -> list[str]:
    if "choice" in item:
        return ["".join(_first(i) for i in option) for option in item["choice"][1:]]
    if "optional" in item:
        return [""]
    return []


def branch_candidates(step: Mapping[str, Any]) -> list[str]:
    """Answers an `ask` step's conditions look for, in the order its branches name them."""
    found: list[str] = []
    for branch in step.get("branches") or []:
        expression = branch.get("expression")
        if not expression:
            continue
        for regex in matching_regexes(str(expression)):
            found += regex_texts(regex)
        found += string_literals(str(expression))
        for written in number_literals(str(expression)):
            number = float(written)
            found += [_number_text(number + delta) for delta in (0, -1, 1)]
    found += ["1", "yes", "no"]
    return list(dict.fromkeys(text for text in found if text.strip()))


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def reply_texts(items: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The texts a consumer can send by tapping a quick reply or button of `items`."""
    found: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("type") == "publishText" and isinstance(value.get("text"), str):
                found.append(value["text"])
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for item in items:
        collect(item.get("data"))
    return tuple(dict.fromkeys(text for text in found if text.strip()))
