"""runtime/wire."""
