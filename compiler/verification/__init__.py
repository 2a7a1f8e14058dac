"""`botc verify`: a bounded model checker over a compiled table.

```python
verify_bot(bot: LoadedBot, *, depth=6, budget_seconds=10.0) -> VerificationResult
```

explores every conversation of up to `depth` events over classes of inputs (one witness
text per pattern, per `when` branch, per quick reply; the platform events that can
really arrive; every outcome class of each integration call), breadth-first with states
de-duplicated, and checks the invariants of `runtime.testing` on each turn. Each
violation becomes a `Diagnostic` (the type `botc check` reports) at the line at fault,
with its shortest conversation as a ready-to-paste `test` block. See docs/TESTING.md.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from botc.compiler.build import LoadedBot
from botc.compiler.verification.explorer import Found, SearchProgress, explore_table
from botc.compiler.verification.findings import REPLY_NOWHERE
from botc.dsl.ast import Span
from botc.dsl.diagnostics import Diagnostic

__all__ = ["VerificationResult", "VerifyFinding", "verify_bot"]


@attrs.frozen
class VerifyFinding:
    """One finding: its diagnostic, its code (BOT5xx), and the `test` block replaying
    its shortest conversation (it passes as pasted, pinning down today's behaviour)."""

    diagnostic: Diagnostic
    code: str
    test_block: str


@attrs.frozen
class VerificationResult:
    """What `verify_bot` found and how far it got."""

    path: str
    states_explored: int
    depth_proven: int  # every conversation of up to this many events was checked
    exhausted: bool  # every reachable state was explored: no longer conversation differs
    findings: tuple[VerifyFinding, ...]
    diagnostics: tuple[Diagnostic, ...]  # compile errors when it did not compile, else findings

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "warning")


def verify_bot(
    bot: LoadedBot,
    *,
    depth: int = 6,
    budget_seconds: float = 10.0,
    progress: SearchProgress | None = None,
) -> VerificationResult:
    """Explore `bot`'s table (see the module docstring). A bot that did not compile gives
    its error diagnostics and explores nothing."""
    if bot.table is None:
        errors = tuple(d for d in bot.diagnostics if d.severity == "error")
        return VerificationResult(bot.path, 0, 0, False, (), errors)
    explored = explore_table(
        bot.table, depth=depth, budget_seconds=budget_seconds, progress=progress
    )
    located = _with_bot_source(bot)
    lines = located.source.split("\n") if located.source is not None else []
    findings = tuple(_finding(located, lines, found) for found in explored.findings)
    return VerificationResult(
        path=bot.path,
        states_explored=explored.states_explored,
        depth_proven=explored.depth_proven,
        exhausted=explored.exhausted,
        findings=findings,
        diagnostics=tuple(f.diagnostic for f in findings),
    )


def _with_bot_source(bot: LoadedBot) -> LoadedBot:
    """For a `.json` table, the `.bot` file it was compiled from (its `source`), whose lines
    the table's steps name; the table itself when that file cannot be read."""
    if not bot.path.lower().endswith(".json") or bot.table is None:
        return bot
    source = bot.table.get("source")
    try:
        text = Path(str(source)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return attrs.evolve(bot, source=None)
    return attrs.evolve(bot, path=str(source), source=text)


def _finding(bot: LoadedBot, lines: list[str], found: Found) -> VerifyFinding:
    classified = found.classified
    line = classified.line
    if classified.bug.code == REPLY_NOWHERE.code:
        line = _quick_replies_line(lines, line)
    diagnostic = Diagnostic(
        severity="error" if classified.bug.severity == "error" else "warning",
        message=classified.message,
        span=_line_span(lines, line),
        filename=bot.path,
        code=classified.bug.code,
        hint="the shortest conversation that shows it, ready to paste into the file:\n\n"
        + _indented(found.block),
    )
    return VerifyFinding(diagnostic, classified.bug.code, found.block)


def _quick_replies_line(lines: list[str], line: int) -> int:
    """The `quick replies` line of the step at `line` (it follows the step's first line)."""
    for number in range(line + 1, min(line + 4, len(lines) + 1)):
        if lines[number - 1].strip().startswith("quick replies"):
            return number
    return line


def _line_span(lines: list[str], line: int) -> Span:
    """The span of a source line's text (of `lines`, the file's), from its first non-blank
    character."""
    if not 1 <= line <= len(lines):
        return Span(max(line, 1), 1, max(line, 1), 2)
    text = lines[line - 1].rstrip()
    column = len(text) - len(text.lstrip()) + 1
    return Span(line, column, line, max(len(text) + 1, column + 1))


def _indented(block: str) -> str:
    return "\n".join("    " + line if line else line for line in block.rstrip("\n").split("\n"))
