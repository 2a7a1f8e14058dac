"""What the installed `botc` distribution says about itself: its version and which extra
provides a missing library. Both are read from the package metadata, so pyproject.toml
stays the one place the version and the extras are written."""

from __future__ import annotations

import re
from importlib import metadata

DISTRIBUTION = "botc"
_EXTRA_MARKER = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def version() -> str:
    """The installed version, or a phrase saying botc runs from a source tree."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "(not installed: running from a source tree)"


def extra_providing(module: str) -> str | None:
    """The extra of botc whose requirements include the distribution of the top-level
    `module` (`starlette`, `jwt` of `pyjwt`, ...), or None when no extra names it."""
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return None
    wanted = _normal(module.split(".")[0])
    for requirement in requirements:
        name, extra = _REQUIREMENT_NAME.match(requirement), _EXTRA_MARKER.search(requirement)
        if name is None or extra is None:
            continue
        if _normal(name[1]) in (wanted, "py" + wanted):
            return extra[1]
    return None


def missing_library_message(command: str, missing: ModuleNotFoundError) -> str:
    """One line for a command that cannot run because a library is not installed."""
    module = missing.name or "a library"
    extra = extra_providing(module)
    if extra is None:
        return f"botc: error: `{command}` needs the Python package {module}: pip install {module}"
    return (
        f"botc: error: `{command}` needs the `{extra}` extra ({module} is not installed): "
        f"pip install 'botc[{extra}]'"
    )


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
