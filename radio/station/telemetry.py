"""What the station tells the centre after each sync, and its clock checked against the centre's.

The clock offset is estimated from the centre's `Date` header: the centre's time is taken to be
the middle of the request (HTTP dates have one-second resolution, so the estimate is good to about
a second — plenty against the 60 s that matters for airing on time).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterable
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from radio import __version__
from radio.protocol.manifest import Manifest
from radio.protocol.status import CLOCK_LIMIT_S, StationStatusMessage

log = logging.getLogger("radio.station.telemetry")

_PROBLEMS_SENT = 10


def clock_offset(date_header: str | None, sent: datetime, received: datetime) -> float | None:
    """Seconds the station's clock is ahead of the centre's (negative: behind), or None."""
    if not date_header:
        return None
    try:
        centre = parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return None
    if centre.tzinfo is None:
        return None
    middle = sent + (received - sent) / 2
    return round((middle - centre).total_seconds(), 1)


def check_clock(offset: float | None) -> str | None:
    """The problem line for a clock off by more than the limit (logged), or None."""
    if offset is None or abs(offset) <= CLOCK_LIMIT_S:
        return None
    way = "ahead of" if offset > 0 else "behind"
    message = (f"this PC's clock is {abs(offset):.0f} s {way} the centre's: airings would start at the "
               "wrong time; turn on automatic time setting (NTP) in the system settings")
    log.error("%s", message)
    return message


def free_disk(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder if folder.exists() else folder.parent).free
    except OSError:
        return None


def station_status(station: str, now: datetime, playing: Manifest | None, newest: Manifest | None,
                   holds: Callable[[str], bool], verified: Callable[[str], bool],
                   next_airing: tuple[datetime, str] | None, storage: Path, offset: float | None,
                   problems: Iterable[str] = ()) -> StationStatusMessage:
    """The status message; `next_airing` is (time, sha256 of its audio) of the next normal airing."""
    items = playing.items if playing else ()
    shas = {item.audio.sha256 for item in items}
    held = {sha for sha in shas if holds(sha)}
    good = {sha for sha in held if verified(sha)}
    return StationStatusMessage(
        station=station, agent_version=__version__, clock=now.replace(microsecond=0),
        clock_offset_s=offset,
        held_sequence=playing.sequence if playing else None,
        newest_sequence=newest.sequence if newest else None,
        items=len(items), items_held=sum(item.audio.sha256 in held for item in items),
        items_verified=sum(item.audio.sha256 in good for item in items),
        next_airing=next_airing[0].replace(microsecond=0) if next_airing else None,
        next_airing_held=(next_airing[1] in good) if next_airing else None,
        free_disk_bytes=free_disk(storage),
        problems=tuple(problem[:300] for problem in problems)[:_PROBLEMS_SENT])
