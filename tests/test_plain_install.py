"""A plain, non-editable install never gives a traceback (issue 9.9).

The wheel is built from this tree and installed with its dependencies (no extra) into a
fresh virtual environment — not one that sees this interpreter's packages — and the
commands a bot author uses are run from there, outside the source tree. Slow (a venv and
a pip install), and kept in the default run: packaging breaks silently otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import tomllib
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpstub import HttpStub

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

BOT = """\
integration Balance
    api GET "{base}/balance"
    header "Authorization" "Bearer {{{{ secret.ACME_TOKEN }}}}"
    store amount = response.body.amount

dialog balance
    user says "balance"
    call Balance
        on success -> shown
        on failure -> failed
    shown: say "You have {{{{ Balance.amount }}}}."
    end
    failed: say "No balance."

test "the balance is shown"
    user "balance"
    Balance returns {{"amount": 5}}
    bot "You have 5."
"""


@pytest.fixture(scope="module")
def plain_install(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The `bin` folder of a fresh venv with the wheel of this tree installed, no extras."""
    folder = tmp_path_factory.mktemp("plain")
    wheels = folder / "wheels"
    _check(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
         "-q", "-w", str(wheels)],
        cwd=folder,
    )
    others = [str(_other_wheel(wheels, name)) for name in OTHER_DISTRIBUTIONS]
    venv.create(folder / "venv", with_pip=True, system_site_packages=False)
    bin_dir = folder / "venv" / "bin"
    _check([str(bin_dir / "python"), "-m", "pip", "install", "-q", *others], cwd=folder)
    [wheel] = wheels.glob("botc-*.whl")
    _check([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=folder)
    yield bin_dir


# Distributions on PyPI own these top-level import names; botc must install beside them.
OTHER_DISTRIBUTIONS = ("compiler", "runtime", "grammar", "dsl")


def _other_wheel(wheels: Path, name: str) -> Path:
    """A wheel of the distribution `name` 1.0 whose one package is the top-level `name`
    (written by hand: building it would need the network or the `wheel` package)."""
    files = {
        f"{name}/__init__.py": f'OWNER = "the {name} distribution"\n',
        f"{name}-1.0.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
        f"{name}-1.0.dist-info/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: botc-tests\nRoot-Is-Purelib: true\n"
            "Tag: py3-none-any\n"
        ),
    }
    record = [f"{path},sha256={_digest(text)},{len(text.encode())}" for path, text in files.items()]
    files[f"{name}-1.0.dist-info/RECORD"] = "\n".join([*record, f"{name}-1.0.dist-info/RECORD,,"])
    path = wheels / f"{name}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for member, text in files.items():
            wheel.writestr(member, text)
    return path


def _digest(text: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["ACME_TOKEN"] = "t0ken"
    return env


def _check(command: list[str], *, cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, env=_environment(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _botc(bin_dir: Path, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "botc"), *arguments],
        cwd=bin_dir.parent.parent,  # outside the source tree: only the install is importable
        env=_environment(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_installed_package_is_not_the_source_tree(plain_install: Path) -> None:
    done = subprocess.run(
        [str(plain_install / "python"), "-c", "import botc; print(botc.__file__)"],
        cwd=plain_install.parent.parent,
        env=_environment(),
        capture_output=True,
        text=True,
    )
    assert "site-packages" in done.stdout
    assert str(ROOT) not in done.stdout


@pytest.mark.parametrize("name", OTHER_DISTRIBUTIONS)
def test_distributions_owning_the_folder_names_stay_importable_beside_botc(
    plain_install: Path, name: str
) -> None:
    done = subprocess.run(
        [str(plain_install / "python"), "-c", f"import {name}; print({name}.OWNER)"],
        cwd=plain_install.parent.parent,
        env=_environment(),
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip() == f"the {name} distribution", done.stderr


def test_python_dash_m_botc_is_the_botc_command(plain_install: Path) -> None:
    done = subprocess.run(
        [str(plain_install / "python"), "-m", "botc", "--version"],
        cwd=plain_install.parent.parent,
        env=_environment(),
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip() == "botc 0.1.0", done.stderr


def test_version_comes_from_the_package_metadata(plain_install: Path) -> None:
    done = _botc(plain_install, "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == "botc 0.1.0"


def test_run_calls_a_real_integration_on_a_plain_install(plain_install: Path) -> None:
    bot = plain_install.parent.parent / "run.bot"
    with HttpStub() as stub:
        stub.reply("GET", "/balance", json={"amount": 42})
        bot.write_text(BOT.format(base=stub.url("")))
        done = _botc(plain_install, "run", str(bot), stdin=json.dumps(_text("balance")) + "\n")
    assert done.returncode == 0, done.stderr
    [reply] = [json.loads(line) for line in done.stdout.splitlines()]
    assert reply["response"][0]["data"]["message"] == "You have 42."
    assert stub.requests[0].headers["authorization"] == "Bearer t0ken"


def test_chat_and_test_work_on_a_plain_install(plain_install: Path) -> None:
    bot = plain_install.parent.parent / "chat.bot"
    bot.write_text(BOT.format(base="http://127.0.0.1:9"))
    chatted = _botc(plain_install, "chat", str(bot), "--no-start", stdin="balance\n/quit\n")
    tested = _botc(plain_install, "test", str(bot))
    assert "No balance." in chatted.stdout, chatted.stderr
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "Traceback" not in chatted.stderr + tested.stderr


def test_serve_without_its_extra_names_the_extra_in_one_line(plain_install: Path) -> None:
    bot = plain_install.parent.parent / "serve.bot"
    bot.write_text(BOT.format(base="http://127.0.0.1:9"))
    done = _botc(plain_install, "serve", str(bot))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert f"pip install 'botc[{_extra_with('uvicorn')}]'" in done.stderr
    assert "Traceback" not in done.stderr


def _extra_with(package: str) -> str:
    """The extra of pyproject.toml that lists `package`."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    [extra] = [name for name, needs in extras.items() if any(n.startswith(package) for n in needs)]
    return str(extra)


def _text(message: str) -> dict[str, object]:
    return {"type": "TEXT", "source": "CONSUMER", "data": {"message": message}}
