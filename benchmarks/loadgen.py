"""The C load generator (`loadgen.c`) from Python: compiled once per run, one process per
server driven, a load per command.

The Python client of `service_load.py` costs 25-30 µs of CPU per turn (uvloop and the
kernel's loopback work of each write and read); on a 2-core machine that is CPU the
servers need, most of all with two workers. The C client costs a few µs per turn. It is
used when a C compiler (`cc`, `gcc` or `clang`) is on the PATH, else the Python client.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import attrs

SOURCE = Path(__file__).resolve().parent / "loadgen.c"


@attrs.frozen
class LoadResult:
    """One load as the C client measured it: turns answered, seconds, latency
    percentiles, replies that were wrong, the client's own CPU seconds."""

    turns: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_seconds: float

    @classmethod
    def parse(cls, line: str) -> LoadResult:
        """The result line `turns T seconds W p50_ms P p99_ms Q errors E cpu_s C`."""
        words = line.split()
        values = dict(zip(words[::2], words[1::2], strict=True))
        return cls(
            turns=int(values["turns"]),
            seconds=float(values["seconds"]),
            p50_ms=float(values["p50_ms"]),
            p99_ms=float(values["p99_ms"]),
            errors=int(values["errors"]),
            cpu_seconds=float(values["cpu_s"]),
        )


def compiler() -> str | None:
    """The C compiler on the PATH, or None."""
    for name in ("cc", "gcc", "clang"):
        found = shutil.which(name)
        if found:
            return found
    return None


def build(folder: Path) -> Path:
    """`loadgen.c` compiled into `folder`; raises RuntimeError without a compiler or
    when it does not compile."""
    found = compiler()
    if found is None:
        raise RuntimeError("no C compiler (cc, gcc, clang) on the PATH")
    binary = folder / "loadgen"
    built = subprocess.run(
        [found, "-O2", "-o", str(binary), str(SOURCE)], capture_output=True, text=True
    )
    if built.returncode != 0:
        raise RuntimeError(f"loadgen.c did not compile:\n{built.stderr}")
    return binary


class NativeClient:
    """The C client on one server: `conversations` conversations created at start."""

    def __init__(self, binary: Path, port: int, conversations: int, tag: str, token: str) -> None:
        self._process = subprocess.Popen(
            [str(binary), str(port), str(conversations), tag, token],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._expect("ready")

    def closed(self, seconds: float) -> LoadResult:
        """Every conversation sends its next event as soon as the last is answered."""
        return self._load(f"closed {seconds}")

    def open(self, seconds: float, rate: float) -> LoadResult:
        """Events due at a steady `rate`; latency from when each was due."""
        return self._load(f"open {seconds} {rate}")

    def close(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.write("quit\n")
            self._process.stdin.close()
            self._process.wait(timeout=10)

    def _load(self, command: str) -> LoadResult:
        assert self._process.stdin is not None
        self._process.stdin.write(command + "\n")
        self._process.stdin.flush()
        result = LoadResult.parse(self._expect("turns"))
        if result.errors:
            raise RuntimeError(f"{result.errors} wrong replies under `{command}`")
        return result

    def _expect(self, start: str) -> str:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.startswith(start):
            code = self._process.wait(timeout=10)
            raise RuntimeError(f"the C client exited ({code}) instead of answering {start!r}")
        return line


def temporary_build() -> Path | None:
    """The C client built in a new temporary folder, or None when it cannot be."""
    if compiler() is None:
        return None
    return build(Path(tempfile.mkdtemp(prefix="botc-loadgen-")))
