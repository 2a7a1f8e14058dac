"""`botc serve BOT`: serve a bot as a LivePerson Custom Endpoint (WIRE.md 5, docs/SERVICE.md).

The command checks everything it can before listening — the bot compiles, the store
opens, authentication is configured — and reports a problem as one `botc: error:` line
(exit 2). The service itself lives in `runtime.server`; workers get their settings
through the environment, since uvicorn starts them as fresh processes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botc.compiler.commands.opening import CommandError, open_table
from botc.compiler.commands.run import add_message_limit
from botc.compiler.package_info import missing_library_message

# How long an idle keep-alive connection stays open.
KEEP_ALIVE_SECONDS = 5

if TYPE_CHECKING:  # the runtime is imported only when a command runs (docs/INTERNALS.md)
    from botc.runtime.server.config import AuthMode, ServiceConfig


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bot", metavar="BOT", help="a .bot file or a compiled .json table")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_port, default=8080, help="port to listen on (1-65535)")
    parser.add_argument(
        "--bot-id", metavar="ID", help="the only bot id answered (default: any bot id)"
    )
    parser.add_argument(
        "--env",
        action="append",
        metavar="NAME",
        help="an environment served; repeat for several (default: draft)",
    )
    parser.add_argument(
        "--store",
        metavar="URL",
        default="sqlite:///botc-conversations.db",
        help="sqlite:///PATH.db (default: ./botc-conversations.db) or redis://HOST:PORT/DB",
    )
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument(
        "--pin-workers",
        action="store_true",
        help="run worker i on CPU i only (Linux), for a machine given to the service",
    )
    parser.add_argument(
        "--jwt-public-key",
        metavar="FILE",
        help="accept RS256 JWTs signed by this PEM public key (scope "
        "thirdpartybots.customendpoint.bot) instead of the static token BOTC_TOKEN",
    )
    parser.add_argument(
        "--no-auth", action="store_true", help="accept requests without a token (local play only)"
    )
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=8 * 1024 * 1024,
        help="largest request body accepted (default 8 MiB)",
    )
    parser.add_argument(
        "--upload-wait",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="how long a request waits for an upload before its outcome goes with the next reply",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=1000,
        metavar="N",
        help="open connections per worker; more get 503 (default 1000)",
    )
    parser.add_argument(
        "--read-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="time for a request's headers, then again for its body (default 10)",
    )
    parser.add_argument(
        "--retention",
        type=_duration,
        default=30 * 24 * 3600.0,
        metavar="TIME",
        help="delete a conversation nobody wrote to for this long: 30d, 12h, 90m, 600s or "
        "never (default 30d)",
    )
    parser.add_argument(
        "--max-record-bytes",
        type=int,
        default=1024 * 1024,
        metavar="N",
        help="cap on one conversation's stored record (default 1 MiB)",
    )
    add_message_limit(parser)
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])


def run(args: argparse.Namespace) -> int:
    """Serve until SIGTERM or Ctrl-C; 0 after a clean stop, 2 when the service cannot start
    (a missing library of the serve extra included: one line naming the extra)."""
    try:
        import uvicorn

        import botc.runtime.server.app  # noqa: F401  (its libraries, before workers need them)
        from botc.runtime.server.config import CONFIG_VARIABLE
        from botc.runtime.server.logs import log_config
        from botc.runtime.server.workers import (
            APP,
            can_share_port,
            pin_to,
            serve_workers,
            worker_cpus,
        )

        config = _checked_config(args)
        _check_address(args.host, args.port)
    except ModuleNotFoundError as missing:
        print(missing_library_message("botc serve", missing), file=sys.stderr)
        return 2
    except CommandError as error:
        print(f"botc: error: {error}", file=sys.stderr)
        return 2
    if config.auth == "none" and args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"botc: warning: --no-auth on {args.host}: anyone who can reach it may call it",
            file=sys.stderr,
        )
    os.environ[CONFIG_VARIABLE] = config.to_json()
    options: dict[str, Any] = {
        "log_config": log_config(args.log_level),
        "log_level": args.log_level,
        "server_header": False,
        "http": "botc.runtime.server.protocol:GuardedProtocol",
        "loop": _event_loop(),
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        # below info the access lines are dropped: uvicorn then need not compose them
        "access_log": args.log_level != "warning",
        # nothing reads the client's address or scheme: no X-Forwarded-* rewriting
        "proxy_headers": False,
    }
    if args.workers > 1 and can_share_port():
        # each worker its own SO_REUSEPORT listener: the kernel balances the connections
        return serve_workers(args.host, args.port, args.workers, options, args.pin_workers)
    if args.pin_workers and args.workers == 1:  # one process: it is the worker
        pin_to(worker_cpus(1)[0])
    try:
        uvicorn.run(
            APP, factory=True, host=args.host, port=args.port, workers=args.workers, **options
        )
    except SystemExit as stop:  # uvicorn exits 3 when it cannot start (logged as JSON)
        return 2 if stop.code else 0
    return 0


def _event_loop() -> str:
    """uvloop when it is installed (the `server` extra brings it), else asyncio's own."""
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio"
    return "uvloop"


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 24 * 3600}


def _duration(text: str) -> float | None:
    """A retention time for argparse: `30d`, `12h`, `90m`, `600s` or `never` (None)."""
    if text.strip().lower() == "never":
        return None
    number, unit = text.strip()[:-1], text.strip()[-1:].lower()
    if unit not in _UNITS or not number.isdigit() or int(number) < 1:
        raise argparse.ArgumentTypeError(
            f"expected a time such as 30d, 12h, 90m or 600s (or never), not {text!r}"
        )
    return float(int(number) * _UNITS[unit])


def _port(text: str) -> int:
    """A TCP port number, for argparse: a clear usage error for anything else."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, not {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is between 1 and 65535, not {port}")
    return port


def _check_address(host: str, port: int) -> None:
    """Raise CommandError when `host:port` cannot be listened on (in use, bad address)."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise CommandError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def _checked_config(args: argparse.Namespace) -> ServiceConfig:
    """The service settings for `args`, after checking that each part can start."""
    from botc.runtime.server.auth import Authenticator
    from botc.runtime.server.config import TOKEN_VARIABLE, ConfigError, ServiceConfig
    from botc.runtime.server.workers import can_pin
    from botc.runtime.stores import StoreError, open_store

    if args.no_auth and args.jwt_public_key:
        raise CommandError("--no-auth and --jwt-public-key exclude each other")
    auth: AuthMode
    if args.no_auth:
        auth = "none"
    elif args.jwt_public_key:
        auth = "jwt"
    elif os.environ.get(TOKEN_VARIABLE):
        auth = "token"
    else:
        raise CommandError(
            f"no authentication configured: set {TOKEN_VARIABLE} to a bearer token, give "
            "--jwt-public-key FILE, or pass --no-auth for local play"
        )
    if args.workers < 1:
        raise CommandError("--workers must be at least 1")
    if args.pin_workers and not can_pin():
        raise CommandError("--pin-workers needs CPU affinity (Linux); this platform has none")
    if args.max_body_bytes < 1024:
        raise CommandError("--max-body-bytes must be at least 1024")
    if args.max_record_bytes < 1024:
        raise CommandError("--max-record-bytes must be at least 1024")
    if args.max_connections < 1:
        raise CommandError("--max-connections must be at least 1")
    if not args.read_timeout > 0:
        raise CommandError("--read-timeout must be more than 0 seconds")
    config = ServiceConfig(
        table_path=_table_file(args.bot),
        store_url=args.store,
        auth=auth,
        bot_id=args.bot_id,
        environments=tuple(args.env or ["draft"]),
        jwt_public_key_path=args.jwt_public_key,
        max_body_bytes=args.max_body_bytes,
        upload_wait_seconds=max(0.0, args.upload_wait),
        max_connections=args.max_connections,
        read_timeout_seconds=args.read_timeout,
        max_record_bytes=args.max_record_bytes,
        retention_seconds=args.retention,
        max_message_chars=args.max_message_chars,
    )
    try:
        Authenticator.from_config(config, dict(os.environ))
        open_store(config.store_url, config.store_limits()).close()
    except (ConfigError, StoreError) as error:
        raise CommandError(str(error)) from None
    return config


def _table_file(bot: str) -> str:
    """A JSON file holding the bot's checked table, for the workers to read.

    A compiled `.bot` goes to the temporary folder under a name made from its content, so
    that restarts reuse one file and a process stopped by a signal leaves nothing new.
    """
    table = open_table(bot)  # prints diagnostics; raises CommandError when it does not compile
    if Path(bot).suffix.lower() == ".json":
        return str(Path(bot).resolve())
    text = json.dumps(table.data, sort_keys=True)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"botc-serve-{digest}.json"
    if not path.is_file():
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)  # atomic: a worker never reads half a table
    return str(path)
