"""pyproject.toml installs every package of the four folders, under its `botc.` name."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("grammar", "dsl", "compiler", "runtime")
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"
]


def _package_folders() -> set[str]:
    """`botc.` plus the dotted path of every folder holding an `__init__.py`."""
    found = {"botc"}
    for folder in FOLDERS:
        for init in (ROOT / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT).parts
            if "botc_package" not in parts:
                found.add("botc." + ".".join(parts))
    return found


def test_every_package_folder_is_installed() -> None:
    assert set(SETUPTOOLS["packages"]) == _package_folders()


def test_each_folder_is_installed_under_botc() -> None:
    expected = {f"botc.{folder}": folder for folder in FOLDERS}
    assert SETUPTOOLS["package-dir"] == {"botc": "compiler/botc_package", **expected}


def test_no_top_level_name_other_than_botc_is_installed() -> None:
    assert {name.split(".")[0] for name in SETUPTOOLS["packages"]} == {"botc"}
