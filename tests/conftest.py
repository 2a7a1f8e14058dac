"""Shared test set-up: a derandomized Hypothesis profile under CI, so CI is reproducible,
and `write_bot`, which the `runtime.testing` and command tests both use."""

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


@pytest.fixture
def write_bot(tmp_path: Path) -> Callable[[str], Path]:
    """Write dedented `.bot` text to a file in the test's folder and return its path."""

    def write(text: str, name: str = "bot.bot") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
