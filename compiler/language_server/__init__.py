"""`botc lsp`: the language server of `.bot` files (pygls), over the compiler's own parts.

Diagnostics come from `compiler.compile.compile_source` (what `botc check` runs), quick
fixes from the `Replacement` a diagnostic carries, navigation from the occurrence index
(`occurrences`), formatting from `dsl.format_module`. `server` wires them to the protocol.
"""
