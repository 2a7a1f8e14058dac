"""`botc --version` and the one-line message for a missing extra (compiler/package_info.py)."""

from __future__ import annotations

from importlib import metadata

import pytest

from botc.compiler.cli import main
from botc.compiler.package_info import extra_providing, missing_library_message


def test_version_option_prints_the_metadata_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"botc {metadata.version('botc')}\n"


def test_the_extra_of_a_missing_library_is_read_from_the_requirements() -> None:
    serve_extra = extra_providing("uvicorn")
    assert serve_extra is not None
    assert extra_providing("starlette") == serve_extra
    assert extra_providing("jwt") == serve_extra  # the module of the `pyjwt` distribution
    assert extra_providing("redis") == "redis"


def test_a_library_of_no_extra_is_named_on_its_own() -> None:
    message = missing_library_message("botc serve", ModuleNotFoundError(name="nothing_like_it"))
    assert message == (
        "botc: error: `botc serve` needs the Python package nothing_like_it: "
        "pip install nothing_like_it"
    )


def test_a_missing_extra_library_names_the_extra_to_install() -> None:
    message = missing_library_message("botc serve", ModuleNotFoundError(name="uvicorn"))
    assert message.endswith(f"pip install 'botc[{extra_providing('uvicorn')}]'")
    assert "\n" not in message
