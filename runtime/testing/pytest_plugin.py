"""pytest plugin: collects the `test` blocks of `*.bot` files (filled in by the testing work)."""
