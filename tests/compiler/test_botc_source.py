"""The requirement `botc init` writes into the CI job: where the running botc came from
(pip's `direct_url.json`, PEP 610), since botc is not on PyPI."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from botc.compiler.commands.botc_source import (
    PLAIN_REQUIREMENT,
    installed_requirement,
    requirement_from,
)
from botc.compiler.commands.botc_source import git_output as real_git
from botc.compiler.commands.init import starter_files


def _clone_with_origin(folder: Path, origin: str) -> str:
    """A git repository at `folder` with one commit and `origin` as its remote; its HEAD."""
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    folder.mkdir()
    git("init", "-q")
    git("remote", "add", "origin", origin)
    (folder / "README.md").write_text("botc\n")
    git("add", "README.md")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "first")
    return git("rev-parse", "HEAD")


def test_an_install_from_a_git_url_is_pinned_to_its_commit() -> None:
    direct_url = {
        "url": "https://github.com/acme/botc",
        "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "main"},
    }
    expected = "botc @ git+https://github.com/acme/botc@0123abc"
    assert requirement_from(direct_url, real_git) == expected


def test_an_editable_clone_gives_its_remote_at_the_clones_commit(tmp_path: Path) -> None:
    head = _clone_with_origin(tmp_path / "botc", "https://git.example.com/team/botc.git")
    direct_url = {"url": (tmp_path / "botc").as_uri(), "dir_info": {"editable": True}}
    assert (
        requirement_from(direct_url, real_git)
        == f"botc @ git+https://git.example.com/team/botc.git@{head}"
    )


def test_an_scp_like_remote_is_written_as_an_ssh_url(tmp_path: Path) -> None:
    head = _clone_with_origin(tmp_path / "botc", "git@github.com:acme/botc.git")
    direct_url = {"url": (tmp_path / "botc").as_uri(), "dir_info": {"editable": True}}
    assert (
        requirement_from(direct_url, real_git)
        == f"botc @ git+ssh://git@github.com/acme/botc.git@{head}"
    )


def test_a_clone_of_a_local_folder_gives_the_plain_name(tmp_path: Path) -> None:
    _clone_with_origin(tmp_path / "botc", str(tmp_path / "elsewhere"))
    direct_url = {"url": (tmp_path / "botc").as_uri(), "dir_info": {}}
    assert requirement_from(direct_url, real_git) == PLAIN_REQUIREMENT


def test_a_folder_that_is_not_a_git_clone_gives_the_plain_name(tmp_path: Path) -> None:
    direct_url = {"url": tmp_path.as_uri(), "dir_info": {}}
    assert requirement_from(direct_url, real_git) == PLAIN_REQUIREMENT


def test_a_downloaded_archive_gives_the_plain_name() -> None:
    wheel = "https://files.example.com/botc-0.1.0-py3-none-any.whl"
    direct_url = {"url": wheel, "archive_info": {}}
    assert requirement_from(direct_url, real_git) == PLAIN_REQUIREMENT


def test_the_running_botc_gives_a_requirement_pip_accepts() -> None:
    requirement = installed_requirement()
    assert requirement == PLAIN_REQUIREMENT or requirement.startswith("botc @ git+")


def _install_command(requirement: str) -> tuple[str, str]:
    workflow = starter_files("desk", requirement)[".github/workflows/bot.yml"]
    steps = yaml.safe_load(workflow)["jobs"]["bot"]["steps"]
    [install] = [step["run"] for step in steps if "pip install" in step.get("run", "")]
    return install, workflow


def test_the_ci_job_installs_the_botc_that_wrote_it() -> None:
    install, _ = _install_command("botc @ git+https://github.com/acme/botc@0123abc")
    assert install == 'python -m pip install "botc @ git+https://github.com/acme/botc@0123abc"'


def test_the_ci_job_says_where_to_get_botc_when_it_cannot_tell() -> None:
    install, workflow = _install_command(PLAIN_REQUIREMENT)
    assert install == "python -m pip install botc"
    assert "botc is not on PyPI" in workflow
