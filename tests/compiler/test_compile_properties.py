"""Properties over generated bots: compiling never raises, a table exists exactly when there
is no error, and every table validates against the schema."""

import json
from importlib import resources
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from botc.compiler import compile_source

_SCHEMA = json.loads(
    resources.files("botc.runtime").joinpath("table_schema.json").read_text(encoding="utf-8")
)
_VALIDATOR = jsonschema.Draft202012Validator(_SCHEMA)

_STEPS = [
    'say "Hello {{ name }}"',
    'say "pick"\n        quick replies "a", "b"',
    "pause 1s",
    'ask name "Name?"\n        when answer is number -> next\n        otherwise -> end',
    "call Api\n        on success -> next\n        on failure -> end",
    'upload "Send it"\n    call Files',
    "escalate to skill 12",
    "close",
    "priority urgent",
    'signal {"a": 1}',
    "set x = 1",
    "goto dialog d0",
    "goto dialog d1",
    "end",
    'say "{{ broken( }}"',
    "call Missing",
]

_HEADER = """integration Api
    api GET "http://127.0.0.1/"
integration Files
    file POST "http://127.0.0.1/upload"
"""


@st.composite
def bots(draw: Any) -> str:
    dialogs = []
    for index in range(draw(st.integers(1, 3))):
        trigger = "on start" if index == 0 else f'user says "d{index}"'
        steps = draw(st.lists(st.sampled_from(_STEPS), min_size=1, max_size=6))
        body = "\n".join(f"    {step}" for step in steps)
        dialogs.append(f"dialog d{index}\n    {trigger}\n{body}\n")
    return _HEADER + "".join(dialogs)


@settings(max_examples=60)
@given(bots())
def test_compiling_never_raises_and_tables_validate(text: str) -> None:
    result = compile_source(text, "generated.bot")
    has_errors = any(d.severity == "error" for d in result.diagnostics)
    assert (result.table is None) == has_errors
    if result.table is not None:
        assert list(_VALIDATOR.iter_errors(result.table)) == []
