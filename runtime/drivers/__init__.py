"""Drivers: the code around `step` that performs effects (the only I/O of a conversation).

- `session.py`    — `Session`: runs one turn per incoming event in-process (CLI, tests)
- `performer.py`  — the `Performer` protocol and the shapes of an effect's result
- `http.py`       — `HttpPerformer`: integration calls and multipart uploads over httpx
- `stubs.py`      — `Outcome`, `ScriptedPerformer`: outcomes of a stubs file (WIRE.md 6) or a test
- `secret_values.py`, `upload_file.py` — secrets from the environment; an upload's bytes
- `terminal.py`   — response items as terminal lines, for `botc chat`

Import from the modules themselves: this package imports nothing, so that using one
driver does not load the others (httpx in particular).
"""
