"""Size limits inside the template sandbox, so that no template can exhaust memory.

Jinja2's sandbox keeps templates away from Python internals, not from building huge
values: `"x" * 10**9`, `range(99999) | join("y" * 99999)` or `"x" | center(10**9)` would
allocate gigabytes before any output check runs. Each operation that can grow a value
far beyond its inputs is checked here *before* it runs, against `MAX_VALUE_CHARS`; the
sandbox (`runtime/templates.py`) routes `*`, `**`, `%`, the growing string methods and
the growing filters through these checks. A refused operation raises `SecurityError`,
which the interpreter reports as a template failure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Final

from jinja2.exceptions import SecurityError

# No value built inside a template may be longer than this (characters or list items).
MAX_VALUE_CHARS: Final = 100_000
MAX_POWER_EXPONENT: Final = 1_000

# A width or precision in a `%` or `str.format` specification.
_PRINTF_WIDTH = re.compile(r"%[-#0 +]*(\d*)(?:\.(\d+))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}")
_DIGITS = re.compile(r"\d+")


def check_size(size: int, what: str) -> None:
    """Raise `SecurityError` when an operation would build a value of `size` or more."""
    if size > MAX_VALUE_CHARS:
        raise SecurityError(f"{what} would be longer than {MAX_VALUE_CHARS} characters")


def binop(operator: str, left: Any, right: Any) -> Any:
    """`left <operator> right` for the intercepted operators `*`, `**` and `%`, checked."""
    if operator == "**":
        if isinstance(right, int | float) and abs(right) > MAX_POWER_EXPONENT:
            raise SecurityError("exponent too large")
        return left**right
    if operator == "%":
        if isinstance(left, str):
            check_format_widths(left)
        return left % right
    sized, count = (left, right) if isinstance(right, int) else (right, left)
    if isinstance(sized, str | list | tuple) and isinstance(count, int):
        check_size(len(sized) * count, "a repeated value")
    return left * right


def check_format_widths(spec: str) -> None:
    """Refuse a `%` or `str.format` template whose width or precision is too large."""
    numbers = [n for match in _PRINTF_WIDTH.finditer(spec) for n in match.groups() if n]
    numbers += [n for match in _FORMAT_SPEC.finditer(spec) for n in _DIGITS.findall(match[1])]
    for number in numbers:
        check_size(int(number), "a formatted value")


def check_string_method(target: str, name: str, args: tuple[Any, ...]) -> None:
    """Refuse a growing `str` method call (`replace`, `center`, `join`, ...) that would
    build a value over the limit."""
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        check_size(args[0], f"str.{name}")
    elif name == "expandtabs":
        tab = args[0] if args and isinstance(args[0], int) else 8
        check_size(len(target) + target.count("\t") * tab, "str.expandtabs")
    elif name == "replace" and len(args) >= 2:
        check_size(_replaced_size(target, str(args[0]), str(args[1])), "str.replace")
    elif name in ("format", "format_map"):
        check_format_widths(target)


def _replaced_size(text: str, old: str, new: str) -> int:
    found = text.count(old) if old else len(text) + 1
    return len(text) + found * (len(new) - len(old))


def _join(original: Callable[..., Any]) -> Callable[..., Any]:
    def join(context: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> Any:
        items = list(value)
        check_size(len(items), "a joined list")
        size = sum(len(str(item)) for item in items) + len(str(d)) * max(len(items) - 1, 0)
        check_size(size, "a joined text")
        return original(context, items, d, attribute)

    return join


def _widths(original: Callable[..., Any], name: str, position: int) -> Callable[..., Any]:
    def checked(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[position:], *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool):
                check_size(abs(value), f"the {name} filter")
        return original(*args, **kwargs)

    return checked


def _indent(original: Callable[..., Any]) -> Callable[..., Any]:
    def indent(s: Any, width: Any = 4, *args: Any, **kwargs: Any) -> Any:
        step = width if isinstance(width, int) else len(str(width))
        check_size(len(str(s)) + (str(s).count("\n") + 1) * abs(step), "the indent filter")
        return original(s, width, *args, **kwargs)

    return indent


def _replace(original: Callable[..., Any]) -> Callable[..., Any]:
    def replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        check_size(_replaced_size(str(s), str(old), str(new)), "the replace filter")
        return original(eval_ctx, s, old, new, count)

    return replace


def _format(original: Callable[..., Any]) -> Callable[..., Any]:
    def format_filter(value: Any, *args: Any, **kwargs: Any) -> Any:
        check_format_widths(str(value))
        return original(value, *args, **kwargs)

    return format_filter


def _wordwrap(original: Callable[..., Any]) -> Callable[..., Any]:
    def wordwrap(environment: Any, s: Any, width: int = 79, *args: Any, **kwargs: Any) -> Any:
        wrap = kwargs.get("wrapstring") or (args[1] if len(args) > 1 else "\n")
        lines = len(str(s)) // max(int(width), 1) + 1
        check_size(len(str(s)) + lines * len(str(wrap)), "the wordwrap filter")
        return original(environment, s, width, *args, **kwargs)

    return wordwrap


def limit_filters(filters: dict[str, Callable[..., Any]]) -> None:
    """Replace, in a Jinja2 filter table, each filter that can grow a value with a checked one."""
    wrappers: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
        "join": _join,
        "center": lambda f: _widths(f, "center", 1),
        "indent": _indent,
        "batch": lambda f: _widths(f, "batch", 1),
        "tojson": lambda f: _widths(f, "tojson", 2),
        "replace": _replace,
        "format": _format,
        "wordwrap": _wordwrap,
    }
    for name, wrap in wrappers.items():
        original = filters[name]
        checked = wrap(original)
        # keep Jinja2's pass_context / pass_eval_context / pass_environment marker
        if hasattr(original, "jinja_pass_arg"):
            checked.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
        filters[name] = checked
