"""A thousand links of one kind (issue 9, item 5: "1,000 links give an internal error in
the compiler (RecursionError)"): every reading of "links" — a chain of `goto` labels, of
dialogs, of `when` or call branches, card elements, JSON nesting, filters, attributes,
brackets, operators, pattern groups — ends in every command with success or a located
error, never a traceback, a RecursionError or an internal error."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from botc.compiler.cli import main

N = 1000
HEAD = 'bot "Deep"\n\ndialog fallback\n    on fallback\n    say "fallback"\n\n'
GO = 'dialog chain\n    user says "go"\n'


def forward_labels(n: int) -> str:
    steps = "".join(f'    l{i}: say "step {i}"\n    goto l{i + 1}\n' for i in range(n))
    return HEAD + GO + steps + f'    l{n}: say "done"\n'


def backward_labels(n: int) -> str:
    # each label only jumps on: the silent-turn walk follows the whole chain at once
    steps = "".join(f"    l{i}: goto l{i + 1}\n" for i in range(n - 1, 0, -1))
    return HEAD + GO + "    goto l1\n" + steps + f'    l{n}: say "done"\n'


def dialogs(n: int) -> str:
    chain = "".join(f'dialog d{i}\n    say "d{i}"\n    goto dialog d{i + 1}\n' for i in range(1, n))
    return HEAD + 'dialog d0\n    user says "go"\n    goto dialog d1\n' + chain + f"dialog d{n}\n"


def when_branches(n: int) -> str:
    whens = "".join(f'        when answer == "{i}" -> l{i % 10}\n' for i in range(n))
    labels = "".join(f'    l{i}: say "{i}"\n    end\n' for i in range(10))
    return HEAD + GO + '    ask a "which?"\n' + whens + "        otherwise -> l0\n" + labels


def call_branches(n: int) -> str:
    api = 'integration X\n    api GET "http://127.0.0.1:9/x"\n    store v = response.body.v\n\n'
    whens = "".join(f"        when X.v == {i} -> ok\n" for i in range(n))
    branches = "    call X\n        on failure -> bad\n" + whens
    return HEAD + api + GO + branches + '    ok: say "ok"\n    end\n    bad: say "bad"\n'


def card_elements(n: int) -> str:
    link = {"type": "link", "uri": "https://example.com/"}
    button = {"type": "button", "click": {"actions": [link]}}
    elements = [{**button, "title": f"b{i}"} for i in range(n)]
    return HEAD + GO + "    card " + json.dumps({"type": "vertical", "elements": elements}) + "\n"


def json_nesting(n: int) -> str:
    return HEAD + GO + '    card {"type": "vertical", "elements": [' * n + "]}" * n + "\n"


def filters(n: int) -> str:
    return HEAD + GO + '    say "{{ user.message' + " | lower" * n + ' }}"\n'


def attributes(n: int) -> str:
    return HEAD + GO + "    set v = user" + ".a" * n + '\n    say "x"\n'


def parentheses(n: int) -> str:
    return HEAD + GO + "    set v = " + "(" * n + "1" + ")" * n + '\n    say "x"\n'


def plus_terms(n: int) -> str:
    return HEAD + GO + '    say "{{ 1' + " + 1" * n + ' }}"\n'


def not_prefixes(n: int) -> str:
    return HEAD + GO + "    set v = " + "not " * n + 'true\n    say "x"\n'


def and_terms(n: int) -> str:
    condition = " and ".join(['answer == "x"'] * n)
    return HEAD + GO + f'    ask a "q"\n        when {condition} -> end\n    say "x"\n'


def if_blocks(n: int) -> str:
    return HEAD + GO + '    say "' + "{% if true %}" * n + "x" + "{% endif %}" * n + '"\n'


def pattern_alternatives(n: int) -> str:
    words = "|".join(f"w{i}" for i in range(n))
    return HEAD + f'dialog c\n    user says "({words})"\n    say "x"\n'


def pattern_groups(n: int) -> str:
    return HEAD + 'dialog c\n    user says "' + "(" * n + "a" + ")" * n + '"\n    say "x"\n'


def lines_of_a_test_block(n: int) -> str:
    lines = '    user "go"\n    bot "x"\n' * n
    return HEAD + GO + '    say "x"\n\ntest "t"\n' + lines


SHAPES: tuple[Callable[[int], str], ...] = (
    forward_labels,
    backward_labels,
    dialogs,
    when_branches,
    call_branches,
    card_elements,
    json_nesting,
    filters,
    attributes,
    parentheses,
    plus_terms,
    not_prefixes,
    and_terms,
    if_blocks,
    pattern_alternatives,
    pattern_groups,
    lines_of_a_test_block,
)
# what each command may exit with: 0 done, 1 findings or errors, 2 cannot start
COMMANDS = {
    "check": ((), (0, 1)),
    "graph": ((), (0, 1)),
    "fmt": (("--check",), (0, 1, 2)),
    "run": ((), (0, 2)),
    "verify": (("--depth", "2", "--budget", "1"), (0, 1)),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
def test_a_thousand_links_end_in_success_or_a_located_error(
    shape: Callable[[int], str],
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / f"{shape.__name__}.bot"
    path.write_text(shape(N), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"type": "TEXT", "data": {"message": "go"}}\n'))
    options, exits = COMMANDS[command]
    code = main([command, *options, str(path)])
    out, err = capsys.readouterr()
    shown = out + err
    assert code in exits, shown[-2000:]
    for sign in ("Traceback", "RecursionError", "internal error"):
        assert sign not in shown, shown[-2000:]
    if code == 1 and command in ("check", "graph"):
        assert f"{path}:" in err  # an error names its file and line
