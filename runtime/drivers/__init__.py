"""runtime/drivers."""
