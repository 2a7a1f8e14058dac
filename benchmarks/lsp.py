"""Language server benchmark (issue 13): how soon diagnostics arrive after a change.

    python benchmarks/lsp.py [--lines 500] [--changes 40]

Starts the real `botc lsp` process, opens a generated bot of about `--lines` lines
(`bot_source.py`), then makes `--changes` edits one at a time, as a client would send
them: half keep the file clean (a word of a `say` text changes), half break a label and
get an error back. Each latency is the wall time from sending `didChange` to receiving
the `publishDiagnostics` that answers it — the server's debounce pause included. Target:
the median and the 90th percentile <= 150 ms. The CPU time the server process spent on
each change is shown too (read from /proc, Linux only): on a busy machine the wall time
mostly measures the other processes sharing the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from bot_source import generate_bot
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from timing import print_table, verdict

TARGET_MS = 150.0
_LINES_PER_DIALOG = 12.3  # of generate_bot's dialogs, on average


def bot_of_about(lines: int) -> str:
    return generate_bot(max(1, round(lines / _LINES_PER_DIALOG)))


async def measure(text: str, changes: int) -> dict[str, list[tuple[float, float | None]]]:
    """(wall ms, server CPU ms) per change, for the clean and the broken edits."""
    client = LanguageClient("botc-benchmark", "1")
    arrived: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def received(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait(params)

    await client.start_io(sys.executable, "-m", "compiler.cli", "lsp")
    try:
        await client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities())
        )
        client.initialized(types.InitializedParams())
        uri = Path("benchmark.bot").resolve().as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri, "bot", 1, text)
            )
        )
        await arrived.get()
        return await _edits(client, arrived, uri, text, changes)
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


async def _edits(
    client: LanguageClient,
    arrived: asyncio.Queue[types.PublishDiagnosticsParams],
    uri: str,
    text: str,
    changes: int,
) -> dict[str, list[tuple[float, float | None]]]:
    lines = text.split("\n")
    say = next(i for i, line in enumerate(lines) if line.strip().startswith('say "You asked'))
    goto = next(i for i, line in enumerate(lines) if "-> small" in line)
    column = lines[goto].index("-> small") + 3
    times: dict[str, list[tuple[float, float | None]]] = {"clean": [], "broken": []}
    server = _child_pid()
    for change in range(changes):
        broken = change % 2 == 1
        if broken:  # `-> small` becomes `-> smalX`, and back on the next broken edit
            letter = "X" if change % 4 == 1 else "l"
            at = types.Range(
                start=types.Position(line=goto, character=column + 4),
                end=types.Position(line=goto, character=column + 5),
            )
        else:  # `You` becomes `you`, and back
            letter = "y" if change % 4 == 0 else "Y"
            start = lines[say].index("You")
            at = types.Range(
                start=types.Position(line=say, character=start),
                end=types.Position(line=say, character=start + 1),
            )
        started, cpu = time.perf_counter(), _cpu_ms(server)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=change + 2),
                content_changes=[types.TextDocumentContentChangePartial(range=at, text=letter)],
            )
        )
        await arrived.get()
        wall = (time.perf_counter() - started) * 1000
        after = _cpu_ms(server)
        spent = after - cpu if after is not None and cpu is not None else None
        times["broken" if broken else "clean"].append((wall, spent))
    return times


def _child_pid() -> int | None:
    """The server: this process's only child (Linux /proc), or None elsewhere."""
    try:
        children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
    except OSError:
        return None
    return int(children[-1]) if children else None


def _cpu_ms(pid: int | None) -> float | None:
    """User + system CPU milliseconds of a process so far."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _p90(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=500, help="size of the generated bot")
    parser.add_argument("--changes", type=int, default=40, help="edits to time")
    args = parser.parse_args(argv)
    text = bot_of_about(args.lines)
    times = asyncio.run(measure(text, max(args.changes, 2)))
    rows = []
    for kind, samples in times.items():
        walls = [wall for wall, _ in samples]
        cpus = [cpu for _, cpu in samples if cpu is not None]
        cpu = f"{statistics.median(cpus):.0f}" if cpus else "n/a"
        rows.append((kind, len(walls), statistics.median(walls), _p90(walls), max(walls), cpu))
    lines = text.count("\n") + 1
    print_table(
        f"diagnostics after a change, {lines}-line bot (ms, didChange sent -> diagnostics in)",
        ("edit", "changes", "median", "p90", "max", "server CPU median"),
        [(kind, n, f"{m:.1f}", f"{p:.1f}", f"{x:.1f}", c) for kind, n, m, p, x, c in rows],
    )
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    met = all(median <= TARGET_MS and p90 <= TARGET_MS for _, _, median, p90, _, _ in rows)
    print(verdict(met, f"median and p90 <= {TARGET_MS:.0f} ms"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
