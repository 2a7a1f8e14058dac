"""Serving the editor over stdin and stdout, reading stdin on the server's event loop.

pygls's `start_io` reads each header line and each body in a worker thread, one hand-off
per read: on a busy machine the messages of a burst of keys then trickle in one by one,
each compiled on its own. Read through the loop (a pipe), every message already sent is
taken in at once, and a burst joins one run (`server.COALESCE_SECONDS`). When stdin is
not a pipe (a file, a terminal on some systems), pygls's own reader serves.
"""

from __future__ import annotations

import asyncio
import sys
import threading

from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer


class _PipeReader:
    """pygls's reader interface over an asyncio stream: an empty read at the end."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self.stream = stream

    async def readline(self) -> bytes:
        return await self.stream.readline()

    async def readexactly(self, n: int) -> bytes:
        try:
            return await self.stream.readexactly(n)
        except asyncio.IncompleteReadError:
            return b""


def serve_stdio(server: LanguageServer) -> None:
    """Answer the editor until it sends `exit` or closes stdin."""
    try:
        asyncio.run(_serve(server))
    except _NotAPipe:
        server.start_io()
    except (KeyboardInterrupt, SystemExit):
        pass


class _NotAPipe(Exception):
    pass


async def _serve(server: LanguageServer) -> None:
    loop = asyncio.get_running_loop()
    stream = asyncio.StreamReader()
    try:
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stream), sys.stdin.buffer
        )
    except ValueError as refusal:  # stdin is a regular file or a socket pygls reads itself
        raise _NotAPipe from refusal
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    await run_async(
        threading.Event(),
        _PipeReader(stream),
        server.protocol,
        error_handler=server.report_server_error,
    )
