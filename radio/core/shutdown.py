"""How a `radio` process ends: without a last garbage collection of everything it made."""

from __future__ import annotations

import atexit
import gc

_registered = False


def skip_last_collection() -> None:
    """Freeze the heap at exit, so that Python's shutdown does not walk every object a command
    made only to free memory the system takes back anyway: about 0.15 s after a Piper build
    (measured here: 0.20-0.24 s from the last exit handler to the process's end, 0.06-0.08 s
    frozen), which a one-word fix waits for. atexit runs handlers last-registered first, so
    registered at start this one runs after every other (the database's, the logs')."""
    global _registered
    if not _registered:
        atexit.register(gc.freeze)
        _registered = True
