"""Command-line paths to `.bot` files: a file as named, a folder searched recursively."""

from __future__ import annotations

import sys
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


def bot_files_or_report(paths: list[str]) -> list[str] | None:
    """The `.bot` files of `paths`, or None after a `botc: error:` line on stderr for each
    path that does not exist, or for paths that hold no `.bot` file (exit code 2)."""
    files, missing = expand_bot_paths(paths)
    for name in missing:
        sys.stderr.write(f"botc: error: {name}: no such file or folder\n")
    if missing:
        return None
    if not files:
        sys.stderr.write("botc: error: no .bot files found in " + ", ".join(paths) + "\n")
        return None
    return files


def file_problem(name: str) -> str | None:
    """Why `name` cannot be read as one bot file (a `botc: error:` line's text), or None."""
    path = Path(name)
    if path.is_dir():
        return f"{name} is a folder, not a .bot file or a compiled .json table"
    if not path.is_file():
        return f"{name}: no such file"
    return None
