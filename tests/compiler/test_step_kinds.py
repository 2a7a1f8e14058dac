"""compiler.step_kinds: the facts and parts of each kind of step, and mypy's guard on the
`match` dispatches over the kinds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from botc.compiler.step_kinds import STEP_KINDS, branch_kind, parts_of, step_kind, templates_of
from botc.dsl import ast, parse

ROOT = Path(__file__).resolve().parents[2]


def _steps(text: str) -> list[ast.Step]:
    """The steps of a dialog whose body is `text` (written unindented)."""
    body = "".join(f"    {line}\n" for line in text.splitlines())
    module = parse("dialog a\n    on start\n" + body, "a.bot")
    return list(module.dialogs[0].steps)


def test_the_action_kinds_are_the_six_of_language_5_6() -> None:
    actions = {kind.keyword for kind in STEP_KINDS if kind.action}
    assert actions == {"escalate", "invoke", "signal", "secure form", "close", "priority"}


def test_only_ask_and_upload_wait_for_the_consumer() -> None:
    assert {kind.op for kind in STEP_KINDS if kind.waits} == {"ask", "upload"}


def test_the_functions_target_cannot_carry_signal_or_secure_form() -> None:
    assert {kind.keyword for kind in STEP_KINDS if not kind.functions} == {"signal", "secure form"}


def test_an_ask_with_otherwise_does_not_go_on_to_the_following_step() -> None:
    with_otherwise, without = _steps(
        'ask x "?"\n    otherwise -> end\nask y "?"\n    when answer == "a" -> end\n'
    )
    assert not step_kind(with_otherwise).follows_on(parts_of(with_otherwise).branches)
    assert step_kind(without).follows_on(parts_of(without).branches)


def test_a_call_goes_on_only_when_no_branch_takes_success() -> None:
    (handled,) = _steps("call X\n    on success -> end\n")
    (unhandled,) = _steps("call X\n    on failure -> end\n")
    assert not step_kind(handled).follows_on(parts_of(handled).branches)
    assert step_kind(unhandled).follows_on(parts_of(unhandled).branches)


def test_goto_and_end_never_go_on_to_the_following_step() -> None:
    goto, end = _steps("goto dialog a\nend\n")
    assert not step_kind(goto).follows_on(())
    assert not step_kind(end).follows_on(())
    assert parts_of(goto).targets == (goto.target,)


def test_a_say_holds_its_text_quick_replies_and_encoded_metadata_as_templates() -> None:
    (say,) = _steps(
        'say "Hi {{ x }}"\n    quick replies "A", "B"\n    encoded metadata "e30="\n'
    )
    assert [string.value for string in templates_of(say)] == ["Hi {{ x }}", "A", "B", "e30="]


def test_an_escalation_holds_only_its_templated_skill_and_agent() -> None:
    literal, templated = _steps(
        'escalate to skill 12 agent 3 "Bye"\nescalate to skill "{{ s }}" agent "{{ a }}" silently\n'
    )
    assert [string.value for string in templates_of(literal)] == ["Bye"]
    assert [string.value for string in templates_of(templated)] == ["{{ s }}", "{{ a }}"]


def test_a_set_of_bot_context_sets_no_custom_field() -> None:
    custom, bot_context = _steps("set x = 1\nset botContext.y = 2\n")
    field = parts_of(custom).field_set
    assert field is not None and field.value == "x"
    assert parts_of(bot_context).field_set is None
    assert [expression.source for expression in parts_of(bot_context).expressions] == ["2"]


def test_branch_kinds_are_the_table_branch_kinds() -> None:
    (call,) = _steps('call X\n    when X.a -> end\n    on failure -> end\n')
    assert [branch_kind(branch) for branch in parts_of(call).branches] == ["when", "failure"]


# ---------------------------------------------------------------- mypy's guard

_MYPY = shutil.which("mypy") is not None or subprocess.run(
    [sys.executable, "-m", "mypy", "--version"], capture_output=True, check=False
).returncode == 0


def _without_case(source: str, function: str, case: str) -> str:
    """`source` with the `case <case>():` block of `function` removed."""
    start = source.index(f"def {function}(")
    found = re.compile(rf"^( +)case {re.escape(case)}\(\):\n", re.M).search(source, start)
    assert found is not None, (function, case)
    following = re.compile(rf"^{found.group(1)}case ", re.M).search(source, found.end())
    assert following is not None, (function, case)
    return source[: found.start()] + source[following.start() :]


_DISPATCHES = [  # (module, function, the case removed, the kind mypy names)
    ("compiler/step_kinds.py", "parts_of", "ast.GotoStep", "GotoStep"),
    ("compiler/lower_steps.py", "args", "PauseStep", "PauseStep"),
    ("dsl/formatter.py", "_step_lines", "ast.SignalStep", "SignalStep"),
]


def _installed_shape(folder: Path) -> Path:
    """A tree of links with the installed import names (`botc.compiler`, ...), as
    .ci/typecheck builds it: mypy cannot follow setuptools' package-dir mapping."""
    package = folder / "botc"
    package.mkdir(parents=True)
    for source in (ROOT / "compiler" / "botc_package").glob("*.py"):
        (package / source.name).symlink_to(source)
    for name in ("grammar", "dsl", "compiler", "runtime"):
        (package / name).symlink_to(ROOT / name)
    return folder


@pytest.mark.skipif(not _MYPY, reason="mypy is not installed (extra `dev`)")
def test_mypy_fails_when_a_dispatch_leaves_a_step_kind_unhandled(tmp_path: Path) -> None:
    copies = []
    for number, (module, function, case, _) in enumerate(_DISPATCHES):
        source = (ROOT / module).read_text(encoding="utf-8")
        copy = tmp_path / f"dispatch_copy_{number}.py"
        copy.write_text(_without_case(source, function, case), encoding="utf-8")
        copies.append(str(copy))
    result = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11",
            "--follow-imports", "silent", "--ignore-missing-imports",
            "--cache-dir", str(tmp_path / "mypy_cache"), *copies,
        ],
        capture_output=True, text=True,
        env={**os.environ, "MYPYPATH": str(_installed_shape(tmp_path / "typecheck"))},
        cwd=tmp_path, check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    for number, (_, _, _, kind) in enumerate(_DISPATCHES):
        expected = f'dispatch_copy_{number}.py:[0-9]+: error: Argument 1 to "assert_never" ' \
            f'has incompatible type "{kind}"'
        assert re.search(expected, result.stdout), result.stdout
