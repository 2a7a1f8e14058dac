"""`botc serve` refuses to start, with one clear line and exit 2, when it cannot work."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

from service.conftest import SERVICE_BOT
from service.processes import free_port, serve_command


def refused_start(
    arguments: list[str], environment: dict[str, str], port: int | None = None
) -> str:
    """Run `botc serve` expecting it to refuse to start; its stderr."""
    env = {key: value for key, value in os.environ.items() if key != "BOTC_TOKEN"}
    command = [*serve_command(), *arguments, "--port", str(port or free_port())]
    finished = subprocess.run(
        command, env={**env, **environment}, capture_output=True, text=True, timeout=30
    )
    assert finished.returncode == 2, finished.stderr
    assert "Traceback" not in finished.stderr
    return finished.stderr


def test_service_refuses_to_start_without_any_authentication(tmp_path: Path) -> None:
    stderr = refused_start([str(SERVICE_BOT), "--store", f"sqlite:///{tmp_path}/c.db"], {})
    assert "no authentication configured" in stderr and "--no-auth" in stderr


def test_service_refuses_a_key_file_that_is_not_a_public_key(tmp_path: Path) -> None:
    key_file = tmp_path / "key.pem"
    key_file.write_text("not a key")
    stderr = refused_start([str(SERVICE_BOT), "--jwt-public-key", str(key_file)], {})
    assert "not a PEM public key" in stderr


def test_service_refuses_an_unknown_store(tmp_path: Path) -> None:
    stderr = refused_start([str(SERVICE_BOT), "--store", "mongodb://x"], {"BOTC_TOKEN": "t"})
    assert "unknown store URL" in stderr


def test_service_refuses_a_bot_that_does_not_compile(tmp_path: Path) -> None:
    broken = tmp_path / "broken.bot"
    broken.write_text('dialog d\n    user says "x"\n    goto nowhere\n')
    stderr = refused_start([str(broken)], {"BOTC_TOKEN": "t"})
    assert "broken.bot" in stderr


def test_service_refuses_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        stderr = refused_start(
            [str(SERVICE_BOT), "--store", f"sqlite:///{tmp_path}/c.db"], {"BOTC_TOKEN": "t"}, port
        )
    assert f"cannot listen on 127.0.0.1:{port}" in stderr


def test_service_refuses_a_retention_that_is_not_a_time(tmp_path: Path) -> None:
    stderr = refused_start(
        [str(SERVICE_BOT), "--store", f"sqlite:///{tmp_path}/c.db", "--retention", "30 days"],
        {"BOTC_TOKEN": "t"},
    )
    assert "expected a time such as 30d, 12h, 90m or 600s (or never), not '30 days'" in stderr


def test_service_refuses_a_record_cap_below_one_kilobyte(tmp_path: Path) -> None:
    stderr = refused_start(
        [str(SERVICE_BOT), "--store", f"sqlite:///{tmp_path}/c.db", "--max-record-bytes", "10"],
        {"BOTC_TOKEN": "t"},
    )
    assert "--max-record-bytes must be at least 1024" in stderr
