"""Airings in the database and as iCalendar files: the I/O around the pure slot planning."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from radio.broadcast.calendar import calendar_bytes
from radio.broadcast.settings import BroadcastSettings
from radio.broadcast.slots import Airing, StationPlan, plan_airings, validity
from radio.broadcast.stations import Network
from radio.broadcast.variants import episode_variants, station_programmes
from radio.core.atomic import staging
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.month import Month
from radio.protocol.kinds import Priority
from radio.store import airings as stored
from radio.store.db import transaction
from radio.store.episodes import built_episode
from radio.store.tables import AiringRow


def replace_airings(engine: Engine, month: str, airings: Iterable[Airing]) -> int:
    """Store a month's airings, replacing the previous ones in one transaction."""
    rows = [AiringRow(month=month, item_id=a.item_id, station_id=a.station_id, starts_at=a.starts_at,
                      duration_s=a.duration_s, priority=a.priority, unit=a.unit, unit_name=a.unit_name)
            for a in airings]
    with transaction(engine) as session:
        return stored.replace_month(session, month, rows)


def stored_airings(engine: Engine, months: Iterable[str], network: Network) -> list[Airing]:
    """The stored airings of these months, in each station's local time (unknown stations skipped)."""
    zones = {s.id: s.timezone for s in network.stations}
    with transaction(engine) as session:
        rows = stored.airings_of(session, months)
    return [Airing(r.station_id, r.item_id, r.starts_at.astimezone(zones[r.station_id]), r.duration_s,
                   Priority(r.priority), r.unit, r.unit_name) for r in rows if r.station_id in zones]


def calendar_files(airings: list[Airing], network: Network, titles: Mapping[str, str],
                   stamp: datetime, label: str) -> dict[str, bytes]:
    """{"all.ics": …, "<station>.ics": …} for every station of the network."""
    stations = {s.id: s for s in network.stations}
    files = {"all.ics": calendar_bytes(f"{label} — tất cả các đài", airings, stations, titles, stamp)}
    for station in network.stations:
        own = [a for a in airings if a.station_id == station.id]
        name = station.label_on((own[0].starts_at if own else stamp).date())
        files[f"{station.id}.ics"] = calendar_bytes(f"{label} — {name}", own, stations, titles, stamp)
    return files


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write the files through temporary ones renamed together: none is ever half-written."""
    with staging() as staged:
        for name, data in files.items():
            staged.path_for(folder / name).write_bytes(data)


@dataclass(frozen=True)
class MonthSchedule:
    plans: tuple[StationPlan, ...]
    calendar_dir: Path

    @property
    def airings(self) -> list[Airing]:
        return [airing for plan in self.plans for airing in plan.airings]


def schedule_month(engine: Engine, settings: BroadcastSettings, month: Month, now: datetime) -> MonthSchedule:
    """Plan every station's airings of the month, store them, write the iCalendar files."""
    network = settings.network
    if not network.stations:
        raise RadioError(N_("{path}: no [[stations]]; describe the network first"),
                         path=str(settings.path))
    with transaction(engine) as session:
        episode = built_episode(session, str(month))
    window = validity(month, network.timezone, network.validity_days)
    variants = episode_variants(settings.root, episode.mp3_path, network)
    if variants:  # each station airs its unit's programme, of that programme's length
        owners = station_programmes(str(month), variants, network.stations)
        plans = {plan.station.id: plan for v in variants for plan in plan_airings(
            tuple(s for s in network.stations if owners[s.id] is v), str(month), v.duration_s, window,
            unit=v.unit, unit_name=v.unit_name)}
        planned = tuple(plans[s.id] for s in network.stations)
    else:
        planned = tuple(plan_airings(network.stations, str(month), episode.duration_s, window))
    schedule = MonthSchedule(plans=planned,
                             calendar_dir=settings.program.episodes_dir / str(month) / "calendar")
    replace_airings(engine, str(month), schedule.airings)
    write_files(schedule.calendar_dir, calendar_files(
        schedule.airings, network, {str(month): episode.title}, now, settings.program.name))
    return schedule
