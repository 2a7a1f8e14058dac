"""The runtime's errors: a table it cannot load, and faults logged while a turn runs.

`TableError` is raised (a table is refused as a whole, before any conversation runs).
A `Fault` is never raised out of `step`: it is a record in the turn's output saying
what went wrong, in which dialog and at which source line, so that the driver can log
it while the consumer gets the default response.
"""

from __future__ import annotations

import attrs


class TableError(Exception):
    """The table cannot be run: wrong format version, schema violation, bad template.

    `path` is the JSON path of the offending value (`$.steps[3].args.text`), or `$`.
    """

    def __init__(self, message: str, path: str = "$") -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path != "$" else message)


@attrs.frozen
class Fault:
    """A runtime fault: `message` (never holds a secret), the dialog's name, the step's
    source line and the table's source file."""

    message: str
    dialog: str | None
    line: int | None
    file: str | None = None

    def to_json(self) -> dict[str, object]:
        """The fault as a JSON object (for logs and traces)."""
        return {
            "message": self.message,
            "dialog": self.dialog,
            "line": self.line,
            "file": self.file,
        }

    def __str__(self) -> str:
        where = f"{self.file or '<table>'}:{self.line}" if self.line else self.file or "<table>"
        inside = f" (dialog {self.dialog})" if self.dialog else ""
        return f"{where}: {self.message}{inside}"


class RuntimeFault(Exception):
    """Raised inside the interpreter when a template or expression fails; caught by the
    step that ran it and turned into a `Fault` plus the default response."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
