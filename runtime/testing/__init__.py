"""runtime/testing."""
