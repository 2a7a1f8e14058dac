"""`python -m botc`: the same command line as the `botc` script."""

import sys

from botc.compiler.cli import main

sys.exit(main())
