"""Station health, one definition for `radio stations` and the Studio's stations page.

Last seen: the latest status message or report the centre received from the station, whatever it
brought (a sync with nothing new still sends its status), by the centre's clock. Online: seen
within the sync interval plus a margin.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from radio.broadcast.stations import Network, Station
from radio.core.month import Month
from radio.protocol import minisign
from radio.server.reports import issue_token
from radio.store import airings, audit, plays, publications, stations
from radio.store.db import transaction
from radio.store.tables import StationStatusRow

SYNC_INTERVAL = timedelta(minutes=15)  # the station's default sync_interval_s (radio/station/config.py)
MARGIN = timedelta(minutes=30)  # two syncs missed (a slow link, a restart) before it is called offline
ONLINE_WITHIN = SYNC_INTERVAL + MARGIN
CLOCK_OFF_S = 60.0
DISK_LOW_BYTES = 500 * 1024 * 1024  # two months of programmes and room for an emergency
MISSED_AFTER = timedelta(minutes=30)  # the report's tolerance for a play report to match an airing


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
    agent_version: str | None = None  # the station's `radio` version (None: never sent a status)

    @property
    def ok(self) -> bool:
        return self.online and not (self.behind or self.missing_next or self.clock_off or self.disk_low)

    @property
    def flags(self) -> tuple[str, ...]:
        named = (("offline", not self.online), ("behind", self.behind),
                 ("missing next airing", self.missing_next), ("clock off", self.clock_off),
                 ("disk low", self.disk_low))
        return tuple(name for name, on in named if on)


def display_name(station: Station, now: datetime) -> str:
    """The station's name on the day `now` falls on where it is: by the unit it serves then
    ("Đài truyền thanh phường Trà Câu (xã Phổ An cũ)" from 01/7/2025), as the report names it."""
    return station.label_on(now.astimezone(station.timezone).date())


def is_online(last_seen: datetime | None, now: datetime) -> bool:
    return last_seen is not None and now - last_seen <= ONLINE_WITHIN


def fleet(session: Session, now: datetime, expected: Iterable[str] = (),
          heard: dict[str, datetime] | None = None) -> list[StationHealth]:
    """Every station expected (the network's) or ever heard from, by id (`heard`: station → its
    last report's arrival, when the caller has read the reports already)."""
    rows = stations.statuses(session)
    heard = plays.last_received(session) if heard is None else heard
    newest = publications.latest_release(session)
    return [health(rows.get(station), station, now, newest, heard.get(station))
            for station in sorted({*expected, *rows, *heard})]


def health(row: StationStatusRow | None, station: str, now: datetime, newest: int | None,
           reported: datetime | None = None) -> StationHealth:
    """`reported`: when the centre last received a report from the station (a sync, a play)."""
    seen = max((t for t in (row.received_at if row else None, reported) if t is not None), default=None)
    if row is None:
        return StationHealth(station, seen, is_online(seen, now), None, newest is not None, None, True, None,
                             False, None, False, () if seen else ("never reported",))
    # Two estimates: the station's own from the Date header, and the centre's from the station's
    # clock at sending against its arrival (the latter includes the network's delay, seconds at most).
    offset = row.clock_offset_s
    if offset is None:
        offset = round((row.station_clock - row.received_at).total_seconds(), 1)
    playing = row.held_sequence
    return StationHealth(
        station_id=station, last_seen=seen, online=is_online(seen, now),
        held_sequence=playing,
        behind=newest is not None and (playing is None or playing < newest),
        next_airing=row.next_airing, missing_next=row.next_airing is not None and not row.next_airing_held,
        clock_offset_s=offset, clock_off=abs(offset) > CLOCK_OFF_S,
        free_disk_bytes=row.free_disk_bytes,
        disk_low=row.free_disk_bytes is not None and row.free_disk_bytes < DISK_LOW_BYTES,
        problems=tuple(row.problems), agent_version=row.agent_version or None)


class Trouble(StrEnum):
    """The stations page's filter: which problem to list stations by."""

    ANY = "any"  # any of the below
    OFFLINE = "offline"
    MISSING_NEXT = "missing next"  # the next programme's audio is not at the station
    CLOCK = "clock"  # clock off by more than CLOCK_OFF_S
    DISK = "disk"  # less than DISK_LOW_BYTES free


@dataclass(frozen=True)
class StationOverview:
    """The Studio's row: the station's health with the centre's schedule and play reports beside it."""

    health: StationHealth
    name: str  # by the unit it serves today (display_name)
    unit: str  # that unit's name
    release: int | None  # the release it holds (its status), else the last it reported synced
    release_current: bool  # that is the newest release published
    next_airing: datetime | None  # from the centre's stored airings
    next_item: str | None
    holds_next: bool  # the station has the next airing's audio (its status, else its release's items)
    last_played: datetime | None
    missed: int  # airings already past this month and last with no play report
    token_issued: datetime | None  # when its report token was created or last rotated

    @property
    def id(self) -> str:
        return self.health.station_id

    @property
    def online(self) -> bool:
        return self.health.online

    @property
    def last_seen(self) -> datetime | None:
        return self.health.last_seen

    def has(self, trouble: Trouble) -> bool:
        found = {Trouble.OFFLINE: not self.online,
                 Trouble.MISSING_NEXT: self.next_airing is not None and not self.holds_next,
                 Trouble.CLOCK: self.health.clock_off, Trouble.DISK: self.health.disk_low}
        return any(found.values()) if trouble is Trouble.ANY else found[trouble]


def station_overview(engine: Engine, network: Network, now: datetime) -> list[StationOverview]:
    """Every station of the network: health, release, next airing and recent misses (a fixed
    number of queries whatever the number of stations)."""
    local = now.astimezone(network.timezone)
    this = Month(local.year, local.month)
    recent = [str(this), str(this.previous())]
    with transaction(engine) as session:
        ids = [s.id for s in network.stations]
        health_of = {h.station_id: h for h in fleet(session, now, ids)}
        last_played = plays.last_played(session)
        synced = plays.synced_releases(session)
        items = publications.release_items(session)
        upcoming = airings.next_airings(session, now, now + timedelta(days=62))
        due = airings.due_counts(session, recent, now - MISSED_AFTER)
        played = plays.played_counts(session, recent)
        tokens = plays.token_dates(session)
    newest = max(items, default=None)
    out = []
    for s in network.stations:
        state = health_of[s.id]
        release = state.held_sequence if state.held_sequence is not None else synced.get(s.id)
        nxt = upcoming.get(s.id)
        if state.next_airing is not None and nxt is not None and state.next_airing == nxt[0]:
            holds = not state.missing_next  # the station said so for this very airing
        else:
            holds = bool(nxt and release is not None and nxt[1] in items.get(release, ()))
        out.append(StationOverview(
            health=state,
            name=display_name(s, now),
            unit=s.unit_on(local.date()).name,
            release=release,
            release_current=release is not None and release == newest,
            next_airing=nxt[0] if nxt else None,
            next_item=nxt[1] if nxt else None,
            holds_next=holds,
            last_played=last_played.get(s.id),
            missed=max(due.get(s.id, 0) - played.get(s.id, 0), 0),
            token_issued=tokens.get(s.id),
        ))
    return out


def quiet_stations(engine: Engine, network: Network, now: datetime, quiet_after: timedelta,
                   health: Iterable[StationHealth] | None = None) -> tuple[int, int]:
    """(stations never seen, stations last seen longer ago than `quiet_after`); `health`: the
    fleet's, when the caller holds it already (the Studio caches it)."""
    if health is None:
        with transaction(engine) as session:
            health = fleet(session, now, [s.id for s in network.stations])
    seen = {h.station_id: h.last_seen for h in health}
    ids = [s.id for s in network.stations]
    never = sum(1 for i in ids if seen.get(i) is None)
    quiet = sum(1 for i in ids if (at := seen.get(i)) is not None and now - at > quiet_after)
    return never, quiet


def public_key_line(network: Network) -> str | None:
    """The public key's line stations pin (`RW…`, as `radio keygen` printed it); None before a
    key exists. Not a secret: it is shown and printed freely."""
    try:
        text = network.public_key.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return minisign.PublicKey.parse(text).base64


def rotate_token(engine: Engine, network: Network, station_id: str, now: datetime, by: str) -> str:
    """A new report token for the station (`radio token`'s), audited; the old one stops working.

    Only its hash is kept: the value returned is shown once and never again."""
    station = network.station(station_id)
    token = issue_token(engine, station.id, now)
    with transaction(engine) as session:
        audit.add_entry(session, by, "token", station.id, now, display_name(station, now))
    return token


TOKEN_PLACEHOLDER = "TOKEN"


@dataclass(frozen=True)
class SetupSheet:
    """What a commune station's technician needs on paper to set it up: one page per station."""

    station_id: str
    name: str  # by the unit it serves on the day printed
    unit: str
    centre_url: str
    public_key: str | None  # None: no signing key yet (no sheet can be used)
    token: str | None  # only right after it was created or rotated
    token_issued: datetime | None
    printed_at: datetime

    @property
    def init_line(self) -> str:
        """The exact `radio station init` command line (TOKEN in place of a hidden token)."""
        return shlex.join(["radio", "station", "init", "--centre", self.centre_url, "--id", self.station_id,
                           "--public-key", self.public_key or "RW...",
                           "--token", self.token or TOKEN_PLACEHOLDER])


def setup_sheet(engine: Engine, network: Network, station_id: str, now: datetime,
                token: str | None = None) -> SetupSheet:
    station = network.station(station_id)
    with transaction(engine) as session:
        issued = plays.token_dates(session).get(station.id)
    return SetupSheet(station_id=station.id, name=display_name(station, now),
                      unit=station.unit_on(now.astimezone(station.timezone).date()).name,
                      centre_url=network.centre_url, public_key=public_key_line(network), token=token,
                      token_issued=issued, printed_at=now)
