"""Templates have a budget (issue 9, item 4): every hostile template fails fast as a fault.

Each template of `HOSTILE` would run for minutes or take gigabytes in a bare Jinja2
sandbox. Its numbers come from the scope, as a consumer's answer would, so that the
runtime (not the compiler) has to stop it: it must raise `RuntimeFault` within 100 ms
and 50 MB. The same templates written with literal numbers are refused when they
compile (`LITERAL`).
"""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

import jinja2
import pytest

from botc.runtime.faults import RuntimeFault
from botc.runtime.limits import MAX_TEMPLATE_NODES, MAX_TEMPLATE_OPERATIONS
from botc.runtime.templates import build_environment, compile_expression, compile_template, evaluate
from botc.runtime.templates import render as render_template

ENV = build_environment()
N = 10**9  # what a consumer could type as an answer

HOSTILE: list[tuple[str, dict[str, Any]]] = [
    ("{{ ((9 ** n) ** n) ** n }}", {"n": 1000}),
    ("{{ ['x' * n] * n }}", {"n": 100_000}),
    ("{{ '%*s' % (n, 'x') }}", {"n": N}),
    ("{{ '{0:{1}}'.format('x', n) }}", {"n": N}),
    ("{{ '{:>{w}}'.format('x', w=n) }}", {"n": N}),
    ("{{ 'x' * n }}", {"n": N}),
    ("{{ (('a' * n) * n) * n }}", {"n": 1000}),
    ("{{ range(n) | list }}", {"n": N}),
    ("{{ lipsum(n) }}", {"n": 10**6}),
    ("{{ '%s' * n }}", {"n": N}),
    ("{{ 'x' | center(n) }}", {"n": N}),
    ("{{ 'x' | indent(n) }}", {"n": N}),
    ("{{ range(3) | batch(n, 0) | list }}", {"n": N}),
    ("{{ [1, 2] | slice(n) | list }}", {"n": N}),
    ("{{ '%.*f' % (n, 1.5) }}", {"n": N}),
    ("{{ n * n * n * n * n }}", {"n": 10**300}),
    ("{{ {}.fromkeys(range(99999), 'x' * 99999) }}", {}),
    ("{{ ('x' * 99999).join(range(99999) | map('string')) }}", {}),
    ("{{ 'ab'.translate({97: 'y' * 99999}) * 1 }}", {}),
    (
        "{% set a = ['x' * 1000] %}{% set a = a + a %}{% set a = a + a %}{% set a = a + a %}"
        "{% set a = a + a %}{% set a = a + a %}{% set a = a + a %}{% set a = a + a %}{{ a }}",
        {},
    ),
    (
        "{% set s = 'x' * 99999 %}{% set a = [s, s, s, s, s, s, s, s, s, s] %}"
        "{% set b = [a, a, a, a, a, a, a, a, a, a] %}{% set c = [b, b, b, b, b, b, b, b] %}"
        "{{ c | string }}",
        {},
    ),
    (
        "{% set s = 'x' * 60000 %}{% set s = s ~ s %}{% set s = s ~ s %}{% set s = s ~ s %}{{ s }}",
        {},
    ),
    ("{{ (big ~ big ~ big ~ big) | length }}", {"big": "x" * 99_999}),
    ("{{ ([big] * 9) | sum(start=[]) | join }}", {"big": ["x" * 99_999]}),
    ("{{ range(99999) | map('string') | map('upper') | list | length }}", {}),
    ("{{ (n * 10) | string | int }}", {"n": 10**999}),
]


def _fault_cost(source: str, scope: dict[str, Any]) -> tuple[float, int, str]:
    """CPU seconds (this process's, so that other jobs on the machine do not count) and
    peak bytes spent before the template fails (each measured on its own run, since
    tracing allocations slows them), and the fault's message."""
    template = compile_template(ENV, source)
    started = time.process_time()
    with pytest.raises(RuntimeFault) as fault:
        render_template(template, scope)
    seconds = time.process_time() - started
    tracemalloc.start()
    try:
        with pytest.raises(RuntimeFault):
            render_template(template, scope)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak, fault.value.message


@pytest.mark.parametrize(("source", "scope"), HOSTILE, ids=[s for s, _ in HOSTILE])
def test_a_hostile_template_fails_within_100_ms_and_50_mb(
    source: str, scope: dict[str, Any]
) -> None:
    seconds, peak, _ = _fault_cost(source, scope)
    assert seconds < 0.1 * 5, f"{seconds:.3f} s"  # 100 ms target, 5x slack on a busy machine
    assert peak < 50 * 1024 * 1024, f"{peak / 1e6:.1f} MB"


def test_a_refused_operation_names_the_limit() -> None:
    _, _, message = _fault_cost("{{ 'x' * n }}", {"n": N})
    assert "longer than 100000 characters" in message


def test_too_many_operations_is_a_fault() -> None:
    template = compile_template(ENV, "{{ range(99999) | map('string') | list | length }}")
    with pytest.raises(RuntimeFault, match=f"more than {MAX_TEMPLATE_OPERATIONS} operations"):
        render_template(template, {})


def test_a_template_too_large_to_load_is_refused_when_it_compiles() -> None:
    terms = MAX_TEMPLATE_NODES // 2
    with pytest.raises(jinja2.TemplateSyntaxError, match=f"more than {MAX_TEMPLATE_NODES} parts"):
        compile_template(ENV, "{{ " + " ~ ".join(["x.y"] * terms) + " }}")


LITERAL = [
    "{{ ((9**1000)**1000)**1000 }}",
    "{{ ['x'*100000]*100000 }}",
    "{{ '%*s' % (10**9, 'x') }}",
    "{{ 'x' * 10**9 }}",
    "{{ (('a'*1000)*1000)*1000 }}",
    "{{ 9 ** 1000 * 9 ** 1000 }}",
    "{{ 'ab' ~ 'x' * 99999 ~ 'y' * 99999 }}",
]


@pytest.mark.parametrize("source", LITERAL)
def test_a_literal_over_the_budget_is_refused_when_it_compiles(source: str) -> None:
    with pytest.raises(jinja2.TemplateSyntaxError, match="written in the template"):
        compile_template(ENV, source)


def test_an_expression_over_the_budget_is_refused_when_it_compiles() -> None:
    with pytest.raises(jinja2.TemplateSyntaxError, match="more than 1000 digits"):
        compile_expression(ENV, "9 ** 100000")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("9 ** 100", 9**100),
        ("'ab' * 3", "ababab"),
        ("[1, 2] * 2", [1, 2, 1, 2]),
        ("'%5s' % 'x'", "    x"),
        ("'{0:{1}}'.format('x', 3)", "x  "),
        ("[1] + [2]", [1, 2]),
        ("'a' ~ 'b'", "ab"),
        ("1 + 2", 3),
    ],
)
def test_operations_within_the_budget_work_as_usual(source: str, expected: Any) -> None:
    assert evaluate(compile_expression(ENV, source), {}) == expected
