"""Where the running botc was installed from, as a pip requirement a CI job can install.

botc is not on PyPI: a team installs it from its git repository, either with
`pip install "botc @ git+URL"` or from a clone (`pip install -e .`). pip records which
in the distribution's `direct_url.json` (PEP 610). From a git URL the requirement is that
URL at the installed commit; from a clone whose `origin` is a remote repository it is
that remote at the clone's commit. Anything else (a wheel from an index, a clone of a
local folder) gives the plain name `botc`.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable, Mapping
from importlib import metadata
from urllib.parse import unquote, urlparse

GitLookup = Callable[[str, list[str]], str | None]

PLAIN_REQUIREMENT = "botc"
_REMOTE_URL = re.compile(r"(https|ssh)://[^\s'\"]+")
_SCP_LIKE = re.compile(r"([\w.-]+@[\w.-]+):([^\s'\"]+)")  # git@host:team/botc.git


def installed_requirement() -> str:
    """The requirement of the botc that runs this code (see the module docstring)."""
    try:
        recorded = metadata.distribution("botc").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return PLAIN_REQUIREMENT
    if not recorded:
        return PLAIN_REQUIREMENT
    try:
        direct_url = json.loads(recorded)
    except json.JSONDecodeError:
        return PLAIN_REQUIREMENT
    if not isinstance(direct_url, dict):
        return PLAIN_REQUIREMENT
    return requirement_from(direct_url, git_output)


def requirement_from(direct_url: Mapping[str, object], git: GitLookup) -> str:
    """The requirement for a `direct_url.json` document; `git(folder, args)` is git's
    output in that folder, or None when git fails there."""
    url = direct_url.get("url")
    if not isinstance(url, str):
        return PLAIN_REQUIREMENT
    vcs_info = direct_url.get("vcs_info")
    if isinstance(vcs_info, dict) and vcs_info.get("vcs") == "git":
        commit = vcs_info.get("commit_id")
        return _pinned(url, commit if isinstance(commit, str) else None)
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return PLAIN_REQUIREMENT
    folder = unquote(parsed.path)
    remote = _remote_url(git(folder, ["config", "--get", "remote.origin.url"]))
    if remote is None:
        return PLAIN_REQUIREMENT
    return _pinned(remote, git(folder, ["rev-parse", "HEAD"]))


def _remote_url(origin: str | None) -> str | None:
    if origin is None:
        return None
    if _REMOTE_URL.fullmatch(origin):
        return origin
    scp = _SCP_LIKE.fullmatch(origin)
    return f"ssh://{scp.group(1)}/{scp.group(2)}" if scp else None


def _pinned(url: str, commit: str | None) -> str:
    return f"botc @ git+{url}@{commit}" if commit else f"botc @ git+{url}"


def git_output(folder: str, args: list[str]) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", folder, *args], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    output = done.stdout.strip()
    return output if done.returncode == 0 and output else None
