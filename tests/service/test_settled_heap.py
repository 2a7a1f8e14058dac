"""A worker's heap at start-up is frozen out of the cyclic collector (`app.settle_heap`)."""

from __future__ import annotations

import gc

from botc.runtime.server.app import settle_heap


def test_settling_the_heap_freezes_what_is_alive() -> None:
    gc.unfreeze()
    alive = [{"a table": n} for n in range(1000)]
    try:
        settle_heap()
        assert gc.get_freeze_count() >= len(alive)
    finally:
        gc.unfreeze()


def test_a_full_collection_after_settling_does_not_visit_the_frozen_heap() -> None:
    gc.unfreeze()
    alive = [[n] for n in range(20000)]
    try:
        settle_heap()
        gc.collect()
        tracked = len(gc.get_objects())  # what a full collection walks
        assert tracked < len(alive)
    finally:
        gc.unfreeze()
