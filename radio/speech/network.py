"""What an online engine's HTTP failure means: the network is not there, or the server is busy.

An office offline (no route, no DNS, nothing listening) fails the same way at every attempt, so
retrying only makes the editor wait: such a failure is final at once, and the outage record
(radio/speech/outages.py) keeps the next builds from asking again. A slow or busy server (a read
timeout, 429, 5xx) may answer on the next attempt, so those are retried with backoff.
"""

from __future__ import annotations

import requests
from urllib3.exceptions import NewConnectionError

# Reaching a server that is there takes well under a second; waiting longer for the connection
# only delays the fallback. The read timeout stays the settings' timeout_s (synthesis is slow).
CONNECT_TIMEOUT_S = 1.0


def timeouts(read_timeout_s: float) -> tuple[float, float]:
    """(connect, read) timeouts for requests."""
    return (min(CONNECT_TIMEOUT_S, read_timeout_s), read_timeout_s)


def unreachable(err: BaseException | None) -> bool:
    """Whether `err` says no connection could be made at all (refused, no DNS, connect timeout)."""
    if isinstance(err, requests.ConnectTimeout):
        return True
    if isinstance(err, requests.ConnectionError):
        reason = getattr(err.args[0], "reason", None) if err.args else None
        return isinstance(reason, NewConnectionError)  # NameResolutionError is one too
    return False
