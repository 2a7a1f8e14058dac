"""The compiler's checks, one module each; `catalogue.CHECKS` lists them all."""

from botc.compiler.checks.catalogue import CHECKS, run_checks
from botc.compiler.checks.context import CheckContext, CompileTarget

__all__ = ["CHECKS", "CheckContext", "CompileTarget", "run_checks"]
