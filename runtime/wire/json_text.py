"""Reading JSON text that came from outside (a request body, a `botc run` input line).

`read_json(text)` is `json.loads` with every way the text can be refused turned into one
`JsonTextError` whose message says why: malformed JSON, bytes that are not UTF-8, nesting
deeper than the parser can follow, or an integer longer than Python converts
(`sys.get_int_max_str_digits()`, 4,300 digits by default) — which `json.loads` reports as
a bare `ValueError` that callers expecting `JSONDecodeError` let escape as a crash.
"""

from __future__ import annotations

import json
import sys
from typing import Any


class JsonTextError(Exception):
    """The text is not JSON this project accepts; the message says why."""


def read_json(text: str | bytes) -> Any:
    """The JSON value of `text`; raises JsonTextError naming the problem."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as problem:
        where = f"line {problem.lineno} column {problem.colno}"
        raise JsonTextError(f"{problem.msg} ({where})") from None
    except UnicodeDecodeError:
        raise JsonTextError("the text is not UTF-8") from None
    except RecursionError:
        raise JsonTextError("nested too deeply") from None
    except ValueError:  # int('...') past the digit limit: the only other ValueError loads raises
        limit = sys.get_int_max_str_digits()
        raise JsonTextError(f"a number has more than {limit} digits") from None
