"""The Custom Endpoint HTTP service behind `botc serve` (WIRE.md 5, docs/SERVICE.md)."""

from botc.runtime.server.app import Service, app_from_environment, build_app
from botc.runtime.server.auth import REQUIRED_SCOPE, Authenticator
from botc.runtime.server.config import ConfigError, ServiceConfig

__all__ = [
    "REQUIRED_SCOPE",
    "Authenticator",
    "ConfigError",
    "Service",
    "ServiceConfig",
    "app_from_environment",
    "build_app",
]
