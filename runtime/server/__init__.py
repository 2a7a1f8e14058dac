"""runtime/server."""
