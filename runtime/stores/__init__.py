"""runtime/stores."""
