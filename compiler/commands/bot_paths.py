"""Command-line paths to `.bot` files: a file as named, a folder searched recursively."""

from __future__ import annotations

from pathlib import Path


def expand_bot_paths(paths: list[str]) -> tuple[list[str], list[str]]:
    """The `.bot` files named or found under the folders named (each once, in order), and
    the paths that do not exist."""
    files: list[str] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(str(p) for p in sorted(path.rglob("*.bot")))
        elif path.exists():
            files.append(name)
        else:
            missing.append(name)
    return list(dict.fromkeys(files)), missing


def file_problem(name: str) -> str | None:
    """Why `name` cannot be read as one bot file (a `botc: error:` line's text), or None."""
    path = Path(name)
    if path.is_dir():
        return f"{name} is a folder, not a .bot file or a compiled .json table"
    if not path.is_file():
        return f"{name}: no such file"
    return None
