"""The Custom Endpoint HTTP service behind `botc serve` (WIRE.md 5, docs/SERVICE.md)."""

from runtime.server.app import Service, app_from_environment, build_app
from runtime.server.auth import REQUIRED_SCOPE, Authenticator
from runtime.server.config import ConfigError, ServiceConfig

__all__ = [
    "REQUIRED_SCOPE",
    "Authenticator",
    "ConfigError",
    "Service",
    "ServiceConfig",
    "app_from_environment",
    "build_app",
]
