"""The runtime: everything that reads and runs a compiled table, and nothing that reads
`.bot` text (it never imports `dsl` or `compiler`).

Its parts: loading a table (`loading`, validated against `table_schema.json`), the pattern
matcher (`matching/`), the pure interpreter `interpreter.step(table, state, event)` with
its run loop and operations (`steps`, `turn`, `routing`, `messages`, `effects`), templates
(`templates`, a Jinja2 sandbox), the wire formats (`wire/`), the drivers that perform
effects (`drivers/`), the conversation stores (`stores/`), the HTTP service (`server/`) and
bot testing (`testing/`). `defaults` and `normalize` are format facts the compiler shares.
Importing this package loads nothing else (docs/INTERNALS.md, "Import rules").
"""
