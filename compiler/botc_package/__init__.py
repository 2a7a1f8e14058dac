"""The `botc` import root: `botc.grammar`, `botc.dsl`, `botc.compiler`, `botc.runtime`.

pyproject.toml maps each of those folders of the repository under this package, so the
installed import names cannot clash with other distributions' `compiler` or `runtime`.
"""

from botc.compiler.package_info import version

__version__ = version()

__all__ = ["__version__"]
