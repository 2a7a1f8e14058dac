"""Fuzz the real `botc` command line: no mutated `.bot` file or event may print a traceback.

    python3 benchmarks/fuzz.py                 # 2,000 files, 2,000 events, 1,000 POSTs
    python3 benchmarks/fuzz.py --files 200 --events 200 --posts 100 --seed 7

Every fixture (`tests/bots/**/*.bot`, `examples/*.bot`) is mutated (lines deleted,
duplicated or swapped; tokens such as `-`, `.b` repeated, `*`, `-->`, `(`, quotes and big
numbers inserted). Then, as subprocesses, exactly as a user runs them: `botc check` and
`botc test` on folders of mutated files, `botc run` on the files that compile with
mutated event lines on stdin, and `botc serve` on a real socket with mutated JSON bodies
POSTed to it. Any `Traceback` on stderr (or in the server's log), and any 5xx reply, is a
finding. Prints a table of how many inputs each command took and what was found.
`tests/fuzz/test_fuzz_small.py` runs the same at a small size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout: `compiling` imports the compiler
TOKENS = (
    "-",
    "- ",
    " -",
    ".b" * 3,
    ".b" * 120,
    "*",
    " * ",
    "-->",
    "->",
    "(",
    ")",
    "[",
    "]",
    '"',
    "'",
    "{{",
    "}}",
    "{%",
    "%}",
    "|",
    "\\1",
    "(?=",
    "9" * 30,
    "9" * 5000,
    " ** 9999",
    "not " * 50,
    "(" * 80,
    "\t",
    "  ",
    ":",
    "#",
    "{",
    "}",
    "é",
    "\x00",
    " and x" * 300,
    "%*s",
    "~",
)
EVENT_TYPES = (
    "TEXT",
    "START",
    "RICH_CONTENT",
    "hosted-file",
    "SIGNAL",
    "CONVERSATION",
    "CLOSE_CONVERSATION",
    "EFFECT_RESULT",
    "NOPE",
    "",
)


@attrs.frozen
class Mutation:
    """One change to a file's lines: `kind` is delete, duplicate, swap or insert."""

    kind: str
    line: int
    other: int
    column: int
    token: str


def fixtures() -> list[Path]:
    """Every `.bot` fixture and example, the material mutations start from."""
    found = sorted((ROOT / "tests" / "bots").rglob("*.bot")) + sorted(
        (ROOT / "examples").glob("*.bot")
    )
    return [path for path in found if path.is_file()]


def mutate(text: str, mutations: Sequence[Mutation]) -> str:
    """`text` with each mutation applied in turn (line numbers taken modulo the length)."""
    lines = text.split("\n")
    for mutation in mutations:
        if not lines:
            lines = [""]
        at = mutation.line % len(lines)
        if mutation.kind == "delete":
            del lines[at]
        elif mutation.kind == "duplicate":
            lines.insert(at, lines[at])
        elif mutation.kind == "swap":
            other = mutation.other % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        else:
            line = lines[at]
            column = mutation.column % (len(line) + 1)
            lines[at] = line[:column] + mutation.token + line[column:]
    return "\n".join(lines)


def random_mutations(rng: random.Random) -> list[Mutation]:
    kinds = ("delete", "duplicate", "swap", "insert", "insert", "insert")
    return [
        Mutation(
            rng.choice(kinds),
            rng.randrange(10_000),
            rng.randrange(10_000),
            rng.randrange(10_000),
            rng.choice(TOKENS),
        )
        for _ in range(rng.randint(1, 4))
    ]


def random_event(rng: random.Random, *, big_ints: bool = True) -> object:
    """A connector body, mostly well-formed, often odd: wrong types, huge or nested values
    (with `big_ints`, sometimes an integer of 5,000 digits)."""
    message = rng.choice(
        [
            "hi",
            "balance",
            "123456",
            "{{ secret.HOME }}",
            "a " * 6000 + "b",
            "(a+)+$",
            "9" * 5000,
            "\x00",
            "",
            "__agent_escalation_failed__",
            "file_upload_success:x",
            "recommend a movie",
        ]
    )
    data: object = rng.choice(
        [
            {"message": message},
            {},
            {"message": 7},
            [],
            None,
            {"message": message, "name": "CLOSED"},
            {"id": "e1"},
        ]
    )
    event: dict[str, object] = {"type": rng.choice(EVENT_TYPES), "data": data}
    if rng.random() < 0.3:
        event["context"] = rng.choice(
            [
                {"lpEvent": {"sequence": rng.randrange(-5, 10**6)}},
                {"lpEvent": {"lastConsumerMessage": message}},
                [],
                "x",
                {"lpEvent": {"sequence": _BIG if big_ints else -1}},
            ]
        )
    if rng.random() < 0.1:
        return rng.choice([[event], "text", 5, None, {"type": {"nested": [[[[]]]]}}])
    return event


_BIG = "<an integer of 5,000 digits>"


def event_line(event: object) -> str:
    """The event as a JSON line; `_BIG` stands for an integer too long for `json.dumps`."""
    return json.dumps(event).replace(json.dumps(_BIG), "9" * 5000)


@attrs.define
class Tally:
    """Inputs fed to one command and the findings (tracebacks, 5xx replies)."""

    inputs: int = 0
    findings: list[str] = attrs.field(factory=list)


def _botc(
    arguments: Sequence[str], stdin: str = "", timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "botc", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=ROOT,
    )


def _traceback(process: subprocess.CompletedProcess[str], what: str) -> list[str]:
    return [f"{what}: {process.stderr[-2000:]}"] if "Traceback" in process.stderr else []


def write_mutants(folder: Path, count: int, rng: random.Random) -> list[Path]:
    """`count` mutated fixtures in `folder` (card files and stubs copied alongside)."""
    sources = fixtures()
    written = []
    for number in range(count):
        source = rng.choice(sources)
        target = folder / source.parent.name / f"m{number:05d}_{source.name}"
        if not target.parent.exists():
            shutil.copytree(
                source.parent, target.parent, ignore=shutil.ignore_patterns("*.bot", "*.py")
            )
        text = mutate(source.read_text(encoding="utf-8"), random_mutations(rng))
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        written.append(target)
    return written


def fuzz_check_and_test(files: list[Path], folder: Path) -> tuple[Tally, Tally]:
    check, test = Tally(), Tally()
    for directory in sorted({path.parent for path in files}):
        group = [path for path in files if path.parent == directory]
        check.inputs += len(group)
        check.findings += _traceback(_botc(["check", str(directory)]), f"check {directory}")
        test.inputs += len(group)
        test.findings += _traceback(_botc(["test", str(directory)]), f"test {directory}")
    return check, test


def compiling(files: list[Path]) -> Iterator[Path]:
    from botc import compiler
    for path in files:
        if compiler.compile_file(path).ok:
            yield path


def fuzz_run(files: list[Path], events: int, rng: random.Random) -> Tally:
    tally = Tally()
    runnable = list(compiling(files))
    if not runnable:
        return tally
    per_file = max(events // min(len(runnable), 10), 1)  # at most ~10 processes
    for path in runnable:
        lines = [event_line(random_event(rng)) for _ in range(per_file)]
        lines += [rng.choice(["{", "[1,", '"x"', "null", "{" * 200 + "}" * 200])]
        tally.inputs += len(lines)
        tally.findings += _traceback(
            _botc(["run", str(path)], "\n".join(lines) + "\n"), f"run {path}"
        )
        if tally.inputs >= events:
            break
    return tally


def fuzz_serve(
    bot: Path, posts: int, rng: random.Random, folder: Path, *, big_ints: bool = True
) -> Tally:
    """POST mutated bodies to a real `botc serve` over a socket."""
    import httpx

    tally = Tally()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = folder / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOTC_TOKEN": "fuzz-token"}
    command = [
        sys.executable,
        "-m",
        "botc.compiler.cli",
        "serve",
        str(bot),
        "--port",
        str(port),
        "--store",
        f"sqlite:///{folder}/fuzz.db",
        "--bot-id",
        "b1",
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=output, cwd=ROOT
        )
    try:
        _wait_for(port, server, log)
        base = f"http://127.0.0.1:{port}/v1/bots/b1/environments/draft/conversations"
        headers = {"Authorization": "Bearer fuzz-token", "Content-Type": "application/json"}
        with httpx.Client(headers=headers, timeout=30) as client:
            for number in range(posts):
                conversation = f"fuzz-{number % 7}"
                if number % 7 == number:
                    client.put(f"{base}/{conversation}", json={"context": {"type": "MESSAGING"}})
                body = event_line(random_event(rng, big_ints=big_ints))
                if rng.random() < 0.1:
                    body = body[: rng.randrange(len(body) + 1)]
                reply = client.post(f"{base}/{conversation}/events", content=body.encode())
                tally.inputs += 1
                if reply.status_code >= 500:
                    tally.findings.append(f"serve: {reply.status_code} for {body[:200]}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    text = log.read_text(errors="replace")
    if "Traceback" in text:
        tally.findings.append(f"serve log: {text[-2000:]}")
    return tally


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    # a loaded machine may take a minute to start the service (it compiles the bot first)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"botc serve exited with {process.returncode}:\n{said}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("botc serve did not start")


def fuzz(
    files: int, events: int, posts: int, seed: int, *, big_ints: bool = True
) -> dict[str, Tally]:
    """Every command fuzzed; the tallies by command (`big_ints=False` leaves 5,000-digit
    integers out of the bodies POSTed to `serve`: issue 9 item 6, the service's part)."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="botc-fuzz-") as scratch:
        folder = Path(scratch)
        mutants = write_mutants(folder / "bots", files, rng)
        check, test = fuzz_check_and_test(mutants, folder)
        run = fuzz_run(mutants, events, rng)
        serve = fuzz_serve(ROOT / "examples" / "balance.bot", posts, rng, folder, big_ints=big_ints)
    return {"check": check, "test": test, "run": run, "serve": serve}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--no-big-ints", action="store_true", help="no 5,000-digit integers to serve"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tallies = fuzz(args.files, args.events, args.posts, args.seed, big_ints=not args.no_big_ints)
    print(f"{'command':<8} {'inputs':>8} {'findings':>9}")
    for name, tally in tallies.items():
        print(f"{name:<8} {tally.inputs:>8} {len(tally.findings):>9}")
    print(f"({time.perf_counter() - started:.0f} s, seed {args.seed})")
    for name, tally in tallies.items():
        for finding in tally.findings:
            print(f"\n--- {name}\n{finding}")
    return 1 if any(t.findings for t in tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
