"""The latest status of every station and the fleet's health: every query on station_status.

`radio stations` and the Studio's stations page both read `fleet`; the rules of what counts as
offline, behind, clock off or disk low live here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from radio.store.publications import latest_release
from radio.store.tables import StationStatusRow

OFFLINE_AFTER = timedelta(minutes=45)  # three missed syncs at the default 15-minute interval
CLOCK_OFF_S = 60.0
DISK_LOW_BYTES = 500 * 1024 * 1024  # two months of programmes and room for an emergency


def save_status(session: Session, row: StationStatusRow) -> None:
    """Keep `row` as the station's latest status (one row per station)."""
    session.merge(row)


def statuses(session: Session) -> dict[str, StationStatusRow]:
    return {row.station_id: row for row in session.scalars(select(StationStatusRow))}


@dataclass(frozen=True)
class StationHealth:
    station_id: str
    last_seen: datetime | None  # by the centre's clock
    online: bool
    held_sequence: int | None
    behind: bool  # not playing from the newest release
    next_airing: datetime | None
    missing_next: bool  # the next airing's audio is not held and verified
    clock_offset_s: float | None
    clock_off: bool
    free_disk_bytes: int | None
    disk_low: bool
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.online and not (self.behind or self.missing_next or self.clock_off or self.disk_low)

    @property
    def flags(self) -> tuple[str, ...]:
        named = (("offline", not self.online), ("behind", self.behind),
                 ("missing next airing", self.missing_next), ("clock off", self.clock_off),
                 ("disk low", self.disk_low))
        return tuple(name for name, on in named if on)


def fleet(session: Session, now: datetime, expected: Iterable[str] = ()) -> list[StationHealth]:
    """Every station expected (the network's) or ever heard from, by id."""
    rows = statuses(session)
    newest = latest_release(session)
    return [health(rows.get(station), station, now, newest) for station in sorted({*expected, *rows})]


def health(row: StationStatusRow | None, station: str, now: datetime, newest: int | None) -> StationHealth:
    if row is None:
        return StationHealth(station, None, False, None, newest is not None, None, True, None, False,
                             None, False, ("never reported",))
    # Two estimates: the station's own from the Date header, and the centre's from the station's
    # clock at sending against its arrival (the latter includes the network's delay, seconds at most).
    offset = row.clock_offset_s
    if offset is None:
        offset = round((row.station_clock - row.received_at).total_seconds(), 1)
    playing = row.held_sequence
    return StationHealth(
        station_id=station, last_seen=row.received_at, online=now - row.received_at <= OFFLINE_AFTER,
        held_sequence=playing,
        behind=newest is not None and (playing is None or playing < newest),
        next_airing=row.next_airing, missing_next=row.next_airing is not None and not row.next_airing_held,
        clock_offset_s=offset, clock_off=abs(offset) > CLOCK_OFF_S,
        free_disk_bytes=row.free_disk_bytes,
        disk_low=row.free_disk_bytes is not None and row.free_disk_bytes < DISK_LOW_BYTES,
        problems=tuple(row.problems))
