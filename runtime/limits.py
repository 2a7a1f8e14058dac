"""Every limit the compiler and the runtime share, in one place (docs/SECURITY.md "Limits").

`botc check` refuses what the loader would refuse, and the loader what could stall or
crash a turn, by reading the same constants (and, where they can, by calling the same
validating functions: `runtime.regex_dialect`, `runtime.template_shape`,
`runtime.matching.pattern_globs`). Nothing here does any work; the compiler may import it.
"""

from typing import Final

# --- consumer input -------------------------------------------------------------------
# The longest consumer text a bot reads. Longer TEXT messages (and START's
# `lastConsumerMessage`) are cut to this many characters before routing, `answer`,
# `user.message` and `event.message` see them, and a fault is logged
# (`botc run`/`serve --max-message-chars` change it).
MAX_MESSAGE_CHARS: Final = 10_000

# --- patterns (`user says`) -------------------------------------------------------------
# Groups `(...)` / `[...]` nested deeper than this in one pattern.
MAX_PATTERN_NESTING: Final = 20
# Flat forms (globs) one wildcard pattern may expand to (runtime/matching/pattern_globs.py).
MAX_PATTERN_FORMS: Final = 1024

# --- templates and expressions ----------------------------------------------------------
# Brackets `(`, `[`, `{` plus prefix operators (`not`, unary `-`/`+`) in one `{{ }}` or
# `{% %}` block, counted before Jinja2 parses it (its parser recurses once per level).
MAX_EXPRESSION_NESTING: Final = 32
# How deep the parsed tree of one template or expression may be: `a.b.b.b`,
# `1 + 1 + 1`, `x | f | g` and nested `{% if %}` each add a level (Jinja2's code
# generator and Python's compiler recurse once per level).
MAX_EXPRESSION_DEPTH: Final = 64
# Parsed nodes in one template or expression (names, literals, operators, ...); fewer
# than MAX_TEMPLATE_OPERATIONS, so only filters that repeat work (`map`, `sort`, ...)
# over long data can reach the operation budget.
MAX_TEMPLATE_NODES: Final = 5_000

# --- what one template evaluation may build (runtime/template_limits.py) --------------
# The longest string, list or dict a template may build, and the longest rendered text.
MAX_VALUE_CHARS: Final = 100_000
# The most decimal digits an integer built in a template may have.
MAX_INT_DIGITS: Final = 1_000
# The most operations (binary operators, calls, filters, attribute and item lookups)
# one evaluation of a template or expression may perform (a filter applied by `map`
# counts once per item).
MAX_TEMPLATE_OPERATIONS: Final = 10_000
