"""`botc test`'s results for tools: JUnit XML for CI systems, and a JSON document.

One `Case` per `test` block, per exploration finding (and per clean exploration), and
per file that does not compile. JUnit XML follows the format CI systems read (Jenkins,
GitLab, GitHub's test reporters): `<testsuites>` holding one `<testsuite>` per `.bot`
file, each `<testcase>` named for its test with `classname` the file, `file` and `line`
attributes, and a `<failure>` (a test or an invariant that does not hold) or `<error>`
(a file that does not compile) carrying the same text `botc test` prints.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from typing import Any, Literal

import attrs

Outcome = Literal["passed", "failed", "error"]


@attrs.frozen
class Case:
    """One reported result: what was run, where it is written, and how it ended."""

    file: str
    name: str
    line: int | None
    outcome: Outcome
    seconds: float = 0.0
    message: str = ""  # one line: why it failed
    detail: str = ""  # the whole explanation, as `botc test` prints it


def junit_xml(cases: Iterable[Case]) -> str:
    """The cases as a JUnit XML document (one `<testsuite>` per file, in order)."""
    by_file: dict[str, list[Case]] = {}
    for case in cases:
        by_file.setdefault(case.file, []).append(case)
    root = ElementTree.Element("testsuites", _counts(c for f in by_file.values() for c in f))
    root.set("name", "botc test")
    for file, found in by_file.items():
        suite = ElementTree.SubElement(root, "testsuite", {"name": file, **_counts(found)})
        for case in found:
            attributes = {
                "name": case.name,
                "classname": file,
                "file": file,
                "time": f"{case.seconds:.3f}",
            }
            if case.line is not None:
                attributes["line"] = str(case.line)
            element = ElementTree.SubElement(suite, "testcase", attributes)
            if case.outcome != "passed":
                tag = "failure" if case.outcome == "failed" else "error"
                kind = "AssertionError" if case.outcome == "failed" else "CompileError"
                problem = ElementTree.SubElement(
                    element, tag, {"message": case.message, "type": kind}
                )
                problem.text = case.detail
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        root, encoding="unicode"
    ) + "\n"


def json_report(cases: Iterable[Case], seconds: float) -> dict[str, Any]:
    """The cases as one JSON object: every case, then the counts."""
    listed = list(cases)
    return {
        "format": "botc-test-results/1",
        "cases": [attrs.asdict(case) for case in listed],
        "passed": sum(case.outcome == "passed" for case in listed),
        "failed": sum(case.outcome == "failed" for case in listed),
        "errors": sum(case.outcome == "error" for case in listed),
        "seconds": round(seconds, 3),
    }


def _counts(cases: Iterable[Case]) -> dict[str, str]:
    listed = list(cases)
    return {
        "tests": str(len(listed)),
        "failures": str(sum(case.outcome == "failed" for case in listed)),
        "errors": str(sum(case.outcome == "error" for case in listed)),
        "skipped": "0",
        "time": f"{sum(case.seconds for case in listed):.3f}",
    }
