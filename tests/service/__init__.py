"""Tests of the HTTP service and the conversation stores."""
