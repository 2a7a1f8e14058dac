"""The budget of one template evaluation, so that no template can stall a turn or exhaust memory.

Jinja2's sandbox keeps templates away from Python internals, not from building huge
values: `"x" * 10**9`, `((9**1000)**1000)**1000`, `'%*s' % (10**9, 'x')` or nested
list doubling would take minutes or gigabytes. The sandbox (`runtime/templates.py`)
routes through here, *before* they run, everything that can grow a value: the operators
`*`, `**`, `%`, `+` and `~`, the growing `str` methods, every filter, and every call;
and it counts the operations of one evaluation. The limits (`runtime/limits.py`):

- a string, list or dict built may weigh at most `MAX_VALUE_CHARS` (its characters, or
  its items plus the weight of each, shared items counted each time they appear);
- an integer may have at most `MAX_INT_DIGITS` digits;
- one evaluation may perform `MAX_TEMPLATE_OPERATIONS` operations and measure at most
  `MAX_MEASURED_ITEMS` items.

A refused operation raises `SecurityError`, which the interpreter reports as a runtime
fault (the default response; the fault names the file and line). `constant_problem`
evaluates the literal parts of a parsed template under the same rules, so that the
compiler and the loader refuse what is visibly over budget in the source (`9**1000`).
"""

from __future__ import annotations

import contextvars
import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

import attrs
from jinja2 import nodes
from jinja2.exceptions import SecurityError

from botc.runtime.limits import MAX_INT_DIGITS, MAX_TEMPLATE_OPERATIONS, MAX_VALUE_CHARS

__all__ = [
    "MAX_VALUE_CHARS",
    "Budget",
    "binop",
    "check_weight",
    "constant_problem",
    "limit_filters",
]

MAX_MEASURED_ITEMS: Final = 5 * MAX_VALUE_CHARS
_MAX_INT_BITS: Final = math.ceil(MAX_INT_DIGITS * math.log2(10))

# A width or precision in a `%` or `str.format` specification.
_PRINTF_WIDTH = re.compile(r"%[-#0 +]*(\d*)(?:\.(\d+))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}")
_NESTED_FIELD = re.compile(r"\{[^{}]*:[^{}]*\{")
_DIGITS = re.compile(r"\d+")

# Filters that turn their input into text: its whole weight is printed.
_PRINTING_FILTERS: Final = frozenset(
    [
        "string",
        "tojson",
        "pprint",
        "urlencode",
        "xmlattr",
        "e",
        "escape",
        "forceescape",
        "safe",
        "format",
        "indent",
        "wordwrap",
        "center",
        "replace",
        "trim",
        "title",
        "capitalize",
        "upper",
        "lower",
        "striptags",
        "urlize",
        "wordcount",
        "truncate",
    ]
)


@attrs.define
class Budget:
    """What one evaluation has spent: operations, and items measured by `weight`."""

    operations: int = 0
    measured: int = 0

    def spend(self) -> None:
        self.operations += 1
        if self.operations > MAX_TEMPLATE_OPERATIONS:
            raise SecurityError(f"the template did more than {MAX_TEMPLATE_OPERATIONS} operations")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "template_budget", default=None
)


def start_budget() -> contextvars.Token[Budget | None]:
    """Give the evaluation about to run a fresh budget; `end_budget(token)` after it."""
    return _BUDGET.set(Budget())


def end_budget(token: contextvars.Token[Budget | None]) -> None:
    _BUDGET.reset(token)


def spend() -> None:
    """Count one operation against the running evaluation's budget, if there is one."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.spend()


def check_size(size: int, what: str) -> None:
    """Raise `SecurityError` when an operation would build a value of `size` or more."""
    if size > MAX_VALUE_CHARS:
        raise SecurityError(f"{what} would be longer than {MAX_VALUE_CHARS} characters")


def weight(value: Any) -> int:
    """How much printing `value` would write, roughly: characters of strings and numbers,
    one per item of lists and dicts plus their items' weights; stops counting past
    `MAX_VALUE_CHARS` (so it is cheap) and charges what it visits to the budget."""
    total = 0
    visited = 0
    pending = [value]
    while pending and total <= MAX_VALUE_CHARS:
        item = pending.pop()
        visited += 1
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, bool) or item is None:
            total += 1
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item) + 1
            if total <= MAX_VALUE_CHARS:
                pending.extend(item)
        elif isinstance(item, dict):
            total += 2 * len(item) + 1
            if total <= MAX_VALUE_CHARS:
                pending.extend(item.keys())
                pending.extend(item.values())
        else:
            total += 1
    budget = _BUDGET.get()
    if budget is not None:
        budget.measured += visited
        if budget.measured > MAX_MEASURED_ITEMS:
            raise SecurityError(f"the template measured more than {MAX_MEASURED_ITEMS} items")
    return total


def check_weight(value: Any, what: str) -> Any:
    """`value` itself, once its weight is within the limit; else `SecurityError`."""
    if isinstance(value, str):
        check_size(len(value), what)
    elif isinstance(value, list | tuple | dict | set | frozenset):
        check_size(weight(value), what)
    elif isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
        raise SecurityError(f"{what} would have more than {MAX_INT_DIGITS} digits")
    return value


def binop(operator: str, left: Any, right: Any) -> Any:
    """`left <operator> right` for the intercepted operators `*`, `**`, `%` and `+`, checked."""
    spend()
    if operator == "**":
        _check_power(left, right)
        return left**right
    if operator == "%":
        if isinstance(left, str):
            arguments = right if isinstance(right, tuple) else (right,)
            check_format(left, arguments)
        return left % right
    if operator == "+":
        if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
            check_size(weight(left) + weight(right), "a joined value")
        return check_weight(left + right, "a sum")
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > _MAX_INT_BITS:
            raise SecurityError(f"a product would have more than {MAX_INT_DIGITS} digits")
        return left * right
    sized, count = (left, right) if isinstance(right, int) else (right, left)
    if isinstance(sized, str | list | tuple) and isinstance(count, int):
        check_size(weight(sized) * max(count, 0), "a repeated value")
    return left * right


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, bool) or isinstance(exponent, bool):
        return
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0:
        if abs(base) > 1 and exponent * (abs(base).bit_length() - 1) > _MAX_INT_BITS:
            raise SecurityError(f"a power would have more than {MAX_INT_DIGITS} digits")
    elif isinstance(exponent, int | float) and abs(exponent) > MAX_INT_DIGITS:
        raise SecurityError("exponent too large")


def concat(values: Iterable[Any]) -> str:
    """`a ~ b ~ ...` (Jinja2's string concatenation), checked before the text is built."""
    spend()
    parts = list(values)
    check_size(sum(weight(part) for part in parts), "a concatenated text")
    return "".join(str(part) for part in parts)


def check_format(spec: str, arguments: tuple[Any, ...] | dict[str, Any] = ()) -> None:
    """Refuse a `%` or `str.format` template whose width or precision is too large,
    whether written in the spec or taken from an argument (`%*s`, `{0:{1}}`), or whose
    arguments would print more than the limit."""
    numbers = [n for match in _PRINTF_WIDTH.finditer(spec) for n in match.groups() if n]
    numbers += [n for match in _FORMAT_SPEC.finditer(spec) for n in _DIGITS.findall(match[1])]
    for number in numbers:
        check_size(int(number), "a formatted value")
    values = list(arguments.values()) if isinstance(arguments, dict) else list(arguments)
    if "*" in spec or _NESTED_FIELD.search(spec):
        for value in values:
            if isinstance(value, int) and not isinstance(value, bool):
                check_size(abs(value), "a formatted value")
    check_size(len(spec) + sum(weight(value) for value in values), "a formatted text")


# kept for callers of the earlier name
check_format_widths = check_format


def check_string_method(
    target: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None
) -> tuple[Any, ...]:
    """Refuse a growing `str` method call (`replace`, `center`, `join`, ...) that would
    build a value over the limit; returns the arguments to call it with (an iterable
    given to `join` is read once, here, and handed on as a list)."""
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        check_size(args[0], f"str.{name}")
    elif name == "expandtabs":
        tab = args[0] if args and isinstance(args[0], int) else 8
        check_size(len(target) + target.count("\t") * tab, "str.expandtabs")
    elif name == "replace" and len(args) >= 2:
        check_size(_replaced_size(target, str(args[0]), str(args[1])), "str.replace")
    elif name in ("format", "format_map"):
        mapping = args[0] if name == "format_map" and args and isinstance(args[0], dict) else None
        values = (*args, *(kwargs or {}).values()) if mapping is None else tuple(mapping.values())
        check_format(target, values)
    elif name == "join" and args:
        items = list(_bounded(args[0], "a joined list"))
        check_size(sum(weight(item) for item in items) + len(target) * len(items), "str.join")
        return (items, *args[1:])
    elif name == "translate" and args and isinstance(args[0], dict):
        longest = max((weight(value) for value in args[0].values()), default=1)
        check_size(len(target) * max(longest, 1), "str.translate")
    return args


def _replaced_size(text: str, old: str, new: str) -> int:
    found = text.count(old) if old else len(text) + 1
    return len(text) + found * (len(new) - len(old))


def _join(original: Callable[..., Any]) -> Callable[..., Any]:
    def join(context: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> Any:
        items = list(_bounded(value, "a joined list"))
        size = sum(weight(item) for item in items) + len(str(d)) * max(len(items) - 1, 0)
        check_size(size, "a joined text")
        return original(context, items, d, attribute)

    return join


def _bounded(values: Iterable[Any], what: str) -> Iterator[Any]:
    for count, value in enumerate(values):
        if count >= MAX_VALUE_CHARS:
            raise SecurityError(f"{what} would be longer than {MAX_VALUE_CHARS} items")
        yield value


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
        check_format(str(value), (*args, *kwargs.values()))
        return original(value, *args, **kwargs)

    return format_filter


def _wordwrap(original: Callable[..., Any]) -> Callable[..., Any]:
    def wordwrap(environment: Any, s: Any, width: int = 79, *args: Any, **kwargs: Any) -> Any:
        wrap = kwargs.get("wrapstring") or (args[1] if len(args) > 1 else "\n")
        lines = len(str(s)) // max(int(width), 1) + 1
        check_size(len(str(s)) + lines * len(str(wrap)), "the wordwrap filter")
        return original(environment, s, width, *args, **kwargs)

    return wordwrap


def _measured(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """Any filter: counted as an operation, its input measured first when the filter prints
    it, and its result measured after."""
    marker = getattr(original, "jinja_pass_arg", None)
    value_at = 0 if marker is None else 1

    def measured(*args: Any, **kwargs: Any) -> Any:
        spend()
        if name in _PRINTING_FILTERS and len(args) > value_at:
            check_weight(args[value_at], f"the input of the {name} filter")
        return check_weight(original(*args, **kwargs), f"the result of the {name} filter")

    return measured


def limit_filters(filters: dict[str, Callable[..., Any]]) -> None:
    """Replace, in a Jinja2 filter table, each filter with a budgeted one (and those that
    can grow a value with one checked before it runs)."""
    wrappers: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
        "join": _join,
        "center": lambda f: _widths(f, "center", 1),
        "indent": _indent,
        "batch": lambda f: _widths(f, "batch", 1),
        "slice": lambda f: _widths(f, "slice", 1),
        "tojson": lambda f: _widths(f, "tojson", 2),
        "replace": _replace,
        "format": _format,
        "wordwrap": _wordwrap,
    }
    for name, original in list(filters.items()):
        wrap = wrappers.get(name)
        checked = _measured(name, wrap(original) if wrap is not None else original)
        # keep Jinja2's pass_context / pass_eval_context / pass_environment marker
        if hasattr(original, "jinja_pass_arg"):
            checked.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
        filters[name] = checked


# Operators `constant_problem` folds, as the sandbox runs them.
_FOLDED: Final[dict[type[nodes.BinExpr], str]] = {
    nodes.Mul: "*",
    nodes.Pow: "**",
    nodes.Mod: "%",
    nodes.Add: "+",
}


def constant_problem(tree: nodes.Node) -> str | None:
    """Why a literal part of the parsed template is over budget (`9**1000`,
    `'x' * 10**9`, `[[1] * 1000] * 1000`), or None. Only literals and the operators
    `*`, `**`, `%`, `+` and `~` between them are evaluated, under the runtime's checks."""
    token = start_budget()
    try:
        values: dict[int, Any] = {}
        for node in _post_order(tree):
            try:
                value = _folded(node, values)
            except SecurityError as refused:
                return str(refused)
            except Exception:  # anything else is for the runtime to report
                continue
            if value is not _UNKNOWN:
                values[id(node)] = value
        return None
    finally:
        end_budget(token)


_UNKNOWN: Final = object()


def _folded(node: nodes.Node, values: dict[int, Any]) -> Any:
    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, nodes.List | nodes.Tuple):
        items = [values.get(id(item), _UNKNOWN) for item in node.items]
        if any(item is _UNKNOWN for item in items):
            return _UNKNOWN
        return items if isinstance(node, nodes.List) else tuple(items)
    if isinstance(node, nodes.Neg):
        operand = values.get(id(node.node), _UNKNOWN)
        return _UNKNOWN if operand is _UNKNOWN else -operand
    if isinstance(node, nodes.Concat):
        parts = [values.get(id(part), _UNKNOWN) for part in node.nodes]
        return _UNKNOWN if any(p is _UNKNOWN for p in parts) else concat(parts)
    operator = _FOLDED.get(type(node)) if isinstance(node, nodes.BinExpr) else None
    if operator is None:
        return _UNKNOWN
    assert isinstance(node, nodes.BinExpr)
    left = values.get(id(node.left), _UNKNOWN)
    right = values.get(id(node.right), _UNKNOWN)
    if left is _UNKNOWN or right is _UNKNOWN:
        return _UNKNOWN
    return binop(operator, left, right)


def _post_order(tree: nodes.Node) -> Iterator[nodes.Node]:
    """Every node, children before their parent, without recursion."""
    pending: list[tuple[nodes.Node, bool]] = [(tree, False)]
    while pending:
        node, expanded = pending.pop()
        if expanded:
            yield node
            continue
        pending.append((node, True))
        pending.extend((child, False) for child in node.iter_child_nodes())
