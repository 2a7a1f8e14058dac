"""Real processes for the service tests: a free port, a redis-server, a `botc serve`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

TOKEN = "test-token-not-a-secret"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(
    port: int, process: subprocess.Popen[bytes], log_path: Path | None = None, timeout: float = 20.0
) -> None:
    """Return once `port` accepts connections; fail if `process` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log_path.read_text() if log_path else ""
            raise RuntimeError(f"process exited with {process.returncode}:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing answered on port {port} within {timeout}s")


def serve_command() -> list[str]:
    """The command line that starts `botc serve` with this interpreter."""
    return [sys.executable, "-m", "botc", "serve"]


class RedisServer:
    """A throw-away `redis-server` on a free port, without persistence."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server")
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class BotServer:
    """`botc serve BOT ...` as a subprocess on a free port; its JSON log goes to `log_path`."""

    def __init__(
        self,
        bot: Path,
        log_path: Path,
        arguments: Sequence[str] = (),
        *,
        token: str | None = TOKEN,
        port: int | None = None,
        wait: bool = True,
    ) -> None:
        self.port = port or free_port()
        env = {**os.environ}
        env.pop("BOTC_TOKEN", None)
        if token is not None:
            env["BOTC_TOKEN"] = token
        self.token = token
        self.log_path = log_path
        self.command = [*serve_command(), str(bot), "--port", str(self.port), *arguments]
        with log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, env=env, stdout=subprocess.DEVNULL, stderr=log
            )
        if wait:
            self.wait()

    def wait(self) -> None:
        """Return once the server answers (it binds its port after start-up)."""
        wait_for_port(self.port, self.process, self.log_path)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=20)

    def kill(self) -> None:
        """Stop the process the hard way (`kill -9`), as a crash would."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> str:
        """SIGTERM, wait for the exit, and return the log written so far."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.log_path.read_text()


class BankServer:
    """A local integration backend: `GET /balance/ACCOUNT` and a slow `POST /documents`.

    `calls` counts balance requests per account, so a test can see effects performed once;
    `upload_seconds` is how long an upload takes before its 201.
    """

    def __init__(self, upload_seconds: float = 0.0) -> None:
        self.calls: dict[str, int] = {}
        self.uploads = 0
        self.upload_seconds = upload_seconds
        self.lock = threading.Lock()
        bank = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                account = self.path.rsplit("/", 1)[-1]
                with bank.lock:
                    bank.calls[account] = bank.calls.get(account, 0) + 1
                    amount = bank.calls[account] * 10
                self._answer(200, {"amount": amount})

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", "0")))
                time.sleep(bank.upload_seconds)
                with bank.lock:
                    bank.uploads += 1
                self._answer(201, {"stored": True})

            def _answer(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port: int = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
