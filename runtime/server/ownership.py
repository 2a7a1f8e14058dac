"""Which worker owns a conversation's turn or an upload in flight, and for how long.

An owner is `host:pid:nonce`. A claim or a pending upload names its owner and a time
(`until`, seconds since the epoch) after which anyone may take it over; on the owner's
own host a dead process gives its work up at once, so a worker restarted after
`kill -9` does not wait for the lease to run out.
"""

from __future__ import annotations

import os
import socket
import uuid

from botc.runtime.json_types import JsonDict

# How long a turn with effects may hold its conversation before another worker takes over.
CLAIM_LEASE_SECONDS = 120.0
# Extra time beyond an upload's own timeout before another worker may redo it.
UPLOAD_GRACE_SECONDS = 10.0


def new_owner() -> str:
    """A name for this process, unique across hosts and restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease(owner: str, until: float) -> JsonDict:
    """A claim held by `owner` until the epoch time `until`."""
    return {"owner": owner, "until": until}


def held_by_another(lease_data: JsonDict | None, me: str, now: float) -> bool:
    """Whether `lease_data` (a claim or pending entry) is held by a live owner other than `me`."""
    if lease_data is None:
        return False
    owner = lease_data.get("owner")
    if not isinstance(owner, str) or owner == me:
        return False
    until = lease_data.get("until")
    if not isinstance(until, int | float) or until <= now:
        return False
    return _may_be_alive(owner)


def _may_be_alive(owner: str) -> bool:
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True  # another machine: only its lease can tell
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
