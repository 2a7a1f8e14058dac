"""compiler/commands."""
