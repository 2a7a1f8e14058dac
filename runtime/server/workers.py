"""`--workers N`: N processes that each accept their own share of the connections.

uvicorn's own supervisor opens one listening socket and lets every worker accept from
it; the kernel then hands most connections to whichever worker is awake, and one worker
ends up with nearly all of them. Here every worker accepts from a listening socket of
its own on the same address with `SO_REUSEPORT`, so the kernel spreads new connections
evenly over the workers' sockets (a hash of each connection's addresses).

The supervisor opens all N sockets, listening, before it starts any worker, and hands
each worker its own. The kernel hashes a connection over the sockets listening when it
arrives: were each worker to open its socket as it starts, every connection made
before the last worker is up (a client that connects as soon as the port answers)
would go to the first workers, and keep-alive connections stay where they land. A
connection that arrives before its worker is serving waits in that socket's backlog.
A worker that dies leaves its socket with the supervisor, and its replacement accepts
from the same socket: no connection is hashed to a socket nobody will serve.

The supervisor starts the workers, restarts one that dies after it was up, and on
SIGTERM or SIGINT passes the signal on and waits for them to finish.

With `--pin-workers` worker i runs on CPU i of those the service may use (Linux
scheduler affinity), and a replacement on the CPU of the worker it replaces. Left to
the scheduler, two busy workers sometimes share a core while another core idles: the
kernel moves a task that ran a moment ago only after about half a millisecond, and a
worker's event loop, its store thread, the store and the clients wake each other
thousands of times a second (measured on 2 cores with Redis: 5-8% of the machine
idle under a closed-loop load, 2% pinned; docs/SERVICE.md).
"""

from __future__ import annotations

import logging.config
import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from botc.runtime.server.logs import service_logger

# A worker that dies sooner than this after its start is not restarted: it cannot start.
STARTUP_SECONDS = 5.0
_STOP_WAIT_SECONDS = 30.0
# Connections a worker's socket holds before the worker accepts them.
_BACKLOG = 2048
APP = "botc.runtime.server.app:app_from_environment"


def can_share_port() -> bool:
    """Whether this platform balances connections over SO_REUSEPORT listeners."""
    return hasattr(socket, "SO_REUSEPORT")


def can_pin() -> bool:
    """Whether this platform can keep a process on one CPU (`--pin-workers`)."""
    return hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity")


def worker_cpus(workers: int) -> list[int]:
    """The CPU of each worker slot when pinned: the CPUs this process may use, in order,
    one per worker, starting over when there are more workers than CPUs."""
    allowed = sorted(os.sched_getaffinity(0))
    return [allowed[slot % len(allowed)] for slot in range(workers)]


def pin_to(cpu: int) -> None:
    """Keep this process, and every thread it starts from now on, on `cpu`."""
    os.sched_setaffinity(0, {cpu})


def serve_workers(
    host: str, port: int, workers: int, options: dict[str, Any], pinned: bool = False
) -> int:
    """Run `workers` worker processes on `host:port` until a signal (each on a CPU of its
    own when `pinned`); the exit status."""
    logging.config.dictConfig(options["log_config"])
    cpus: list[int | None] = list(worker_cpus(workers)) if pinned else [None] * workers
    context = multiprocessing.get_context("spawn")
    listeners = [shared_port_listener(host, port) for _ in range(workers)]
    started: dict[int, tuple[BaseProcess, float]] = {}
    stopping = False

    def start(slot: int) -> None:
        process = context.Process(
            target=_worker,
            args=(listeners[slot], host, port, options, cpus[slot]),
            name=f"botc-worker-{slot}",
        )
        process.start()
        started[slot] = (process, time.monotonic())

    def on_signal(number: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for process, _ in started.values():
            if process.pid is not None and process.is_alive():
                process.terminate()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    for slot in range(workers):
        start(slot)
    status = 0
    while not stopping:
        time.sleep(0.2)
        for slot, (process, since) in list(started.items()):
            if process.is_alive() or stopping:
                continue
            if time.monotonic() - since < STARTUP_SECONDS:
                service_logger().error("a worker could not start; stopping")
                status = 2
                on_signal(signal.SIGTERM, None)
                break
            service_logger().error(
                "a worker died; starting another", extra={"code": process.exitcode}
            )
            start(slot)
    deadline = time.monotonic() + _STOP_WAIT_SECONDS
    for process, _ in started.values():
        process.join(timeout=max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
    for listener in listeners:
        listener.close()
    return status


def shared_port_listener(host: str, port: int) -> socket.socket:
    """A socket listening on `host:port` with SO_REUSEPORT: one of the workers' group."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    listener.listen(_BACKLOG)
    return listener


def _worker(
    listener: socket.socket, host: str, port: int, options: dict[str, Any], cpu: int | None
) -> None:
    """One worker: uvicorn serving the app on the listener the supervisor opened for it
    (on `cpu` only, before any thread starts, when it is given)."""
    if cpu is not None:
        pin_to(cpu)
    import uvicorn

    config = uvicorn.Config(APP, factory=True, host=host, port=port, **options)
    uvicorn.Server(config).run(sockets=[listener])
