"""How test results and exploration findings read, for `botc test` and the pytest plugin.

A failure names the test's `file:line`, then the failing line's `file:line` and source,
why it failed, the expected and actual item (green and red on a terminal), the runtime
faults of that turn (file, line, message: why the bot answered as it did), and the whole
response of the last event.
A finding gives the broken invariant and the shrunk conversation as a `test` block.
"""

from __future__ import annotations

from botc.runtime.testing.expectations import quote
from botc.runtime.testing.exploration import Finding
from botc.runtime.testing.runner import TestResult

_GREEN, _RED, _RESET = "\x1b[32m", "\x1b[31m", "\x1b[0m"


def failure_text(result: TestResult, path: str | None = None, *, colour: bool = False) -> str:
    """The explanation of a failed test (empty for a passed one); `colour` paints the
    expected item green and the actual one red."""
    failure = result.failure
    if failure is None:
        return ""
    green, red, reset = (_GREEN, _RED, _RESET) if colour else ("", "", "")
    where = path or result.file
    lines = [
        f"{where}:{result.line}: test {quote(result.name)}",
        f"{where}:{failure.line}: {failure.source}",
        f"    {failure.message}",
    ]
    if failure.expected is not None:
        lines.append(f"    expected: {green}{failure.expected}{reset}")
    if failure.actual is not None:
        actual = failure.actual.splitlines() or [""]
        lines.append(f"    actual:   {red}{actual[0]}{reset}")
        lines.extend(f"              {red}{more}{reset}" for more in actual[1:])
    for fault in failure.faults:
        place = f"{where}:{fault.line}" if fault.line else where
        inside = f" (dialog {fault.dialog})" if fault.dialog else ""
        lines.append(f"    runtime fault: {place}: {fault.message}{inside}")
    if failure.response:
        lines.append("    the whole response to the last event:")
        lines.extend(f"        {item}" for item in failure.response)
    elif failure.expected is not None:
        lines.append("    the last event got an empty response")
    return "\n".join(lines)


def finding_text(finding: Finding, path: str) -> str:
    """A finding: the invariant, what broke it, and the block that replays it."""
    where = path if finding.line is None else f"{path}:{finding.line}"
    return "\n".join(
        [
            f"{where}: invariant broken: {finding.violation}",
            "    shrunk counterexample, ready to paste into the file:",
            "",
            *("    " + line if line else "" for line in finding.block.splitlines()),
        ]
    )


def summary_line(passed: int, failed: int) -> str:
    """`N passed, M failed` (the closing line CI reads)."""
    return f"{passed} passed, {failed} failed"
