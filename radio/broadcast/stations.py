"""The broadcast network from schedule.toml (`[network]` and `[[stations]]`), validated once.

A station is a physical loudspeaker system with a stable id; the administrative unit it serves is
a dated attribute, because units are merged and renamed (2025-07-01: no more district level).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from radio.core.errors import RadioError, SettingsError
from radio.core.i18n import N_, Text
from radio.core.tomlfile import Table, in_range

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MAX_VALIDITY_DAYS = 366  # a programme valid for more than a year is a typo (and overflowed dates)


class StationKind(StrEnum):
    TOWN = "town"
    WARD = "ward"
    COMMUNE = "commune"


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")  # safe in URLs and file names
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Slot:
    weekday: int  # 0 = Monday, as date.weekday()
    at: time      # local wall-clock time at the station

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.at:%H:%M}"


@dataclass(frozen=True)
class UnitPeriod:
    valid_from: date
    name: str
    code: str  # "" when the official code is not recorded


@dataclass(frozen=True)
class Station:
    id: str
    name: str
    kind: StationKind
    unit_code: str            # the unit served when the station was registered
    units: tuple[UnitPeriod, ...]  # dated history, oldest first
    slots: tuple[Slot, ...]
    timezone: ZoneInfo
    airings_per_month: int

    def unit_on(self, day: date) -> UnitPeriod:
        """The administrative unit the station serves on `day`."""
        current = self.units[0]
        for period in self.units:
            if period.valid_from <= day:
                current = period
        return current

    def label_on(self, day: date) -> str:
        """How people name the station on `day`: by the unit it serves then, with the unit it
        served first where that changed ("Đài truyền thanh phường Trà Câu (xã Phổ An cũ)")."""
        unit, first = self.unit_on(day), self.units[0]
        if unit == first:
            return self.name
        return f"Đài truyền thanh {unit.name} ({first.name} cũ)"


@dataclass(frozen=True)
class Network:
    timezone: ZoneInfo
    stations: tuple[Station, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # named sets of station ids, for emergencies
    validity_days: int | None  # None: a programme is valid for its calendar month
    centre_url: str            # public base URL of the served publish tree (feed links, stations)
    publish_dir: Path
    secret_key: Path
    public_key: Path

    def station(self, station_id: str) -> Station:
        for station in self.stations:
            if station.id == station_id:
                return station
        known: Text | str = ", ".join(s.id for s in self.stations) \
            or Text.of(N_("none: add [[stations]] to schedule.toml"))
        raise RadioError(N_("unknown station {station!r}; known stations: {known}"), station=station_id,
                         known=known)

    def select(self, names: list[str]) -> tuple[Station, ...]:
        """Stations named by id, group name or "all", in network order."""
        wanted: set[str] = set()
        groups = dict(self.groups)
        for name in names:
            if name == "all":
                wanted.update(s.id for s in self.stations)
            elif name in groups:
                wanted.update(groups[name])
            else:
                wanted.add(self.station(name).id)
        return tuple(s for s in self.stations if s.id in wanted)


def load_network(raw: Table, root: Path) -> Network:
    """Read `[network]` and every `[[stations]]` of the top-level table `raw`."""
    t = raw.table("network")
    zone = _zone(t, "timezone", "Asia/Ho_Chi_Minh")
    town_airings = _positive(t, "town_airings", 8)
    commune_airings = _positive(t, "commune_airings", 4)
    validity_days = t.get("validity_days", int, 0)
    in_range(t, "validity_days", validity_days, 0, MAX_VALIDITY_DAYS,
             "days from the 1st (0: the calendar month)")
    paths = {key: root / t.get(key, str, default) for key, default in (
        ("publish_dir", "publish"), ("secret_key", ".radio/keys/minisign.key"),
        ("public_key", ".radio/keys/minisign.pub"))}
    centre_url = t.get("centre_url", str, "http://localhost:8080").rstrip("/")
    if not centre_url.startswith(("http://", "https://")):
        raise SettingsError(N_("{field}: {url!r} must start with http:// or https://"),
                            field=t.field("centre_url"), url=centre_url)
    raw_groups = t.get("groups", dict, {})
    stations: list[Station] = []
    seen: dict[str, str] = {}
    for table in raw.tables("stations"):
        where = table.where
        station = _station(table, zone, town_airings, commune_airings)
        if station.id in seen:
            raise SettingsError(N_("{where}.id: duplicate station id {station!r} (already used at {first}); ids "
                                "must be unique"), where=where, station=station.id, first=seen[station.id])
        seen[station.id] = where
        stations.append(station)
    groups = tuple((name, _group(t.field(f"groups.{name}"), ids, seen))
                   for name, ids in sorted(raw_groups.items()))
    t.done()
    return Network(timezone=zone, stations=tuple(stations), groups=groups,
                   validity_days=validity_days or None, centre_url=centre_url, **paths)


def _station(t: Table, network_zone: ZoneInfo, town_airings: int, commune_airings: int) -> Station:
    station_id = t.get("id", str)
    if not _ID_RE.match(station_id):
        raise SettingsError(N_("{field}: {station!r} must be lower-case letters, digits and '-' (it is used "
                            "in URLs and file names), e.g. \"st-03\""), field=t.field("id"), station=station_id)
    t.where = f"{t.where} ({station_id})"  # later messages name the station
    kind = StationKind(t.choice("kind", tuple(StationKind), StationKind.COMMUNE))
    unit_code = t.get("unit_code", str, "" if kind == StationKind.TOWN else ...)
    units = tuple(_unit(u) for u in t.tables("units"))
    if not units:
        raise SettingsError(N_("{field}: give at least one {{from = YYYY-MM-DD, name = ...}}"),
                            field=t.field("units"))
    if any(a.valid_from >= b.valid_from for a, b in zip(units, units[1:], strict=False)):
        raise SettingsError(N_("{field}: periods must be in date order, oldest first"), field=t.field("units"))
    slots = tuple(slot for i, text in enumerate(t.get("slots", list))
                  for slot in parse_slots(text, f"{t.field('slots')}[{i}]"))
    if not slots:
        raise SettingsError(N_("{field}: give at least one slot like \"Mon Wed Fri 05:30\""),
                            field=t.field("slots"))
    if len(set(slots)) != len(slots):
        raise SettingsError(N_("{field}: the same weekday and time is listed twice"), field=t.field("slots"))
    station = Station(
        id=station_id,
        name=t.get("name", str),
        kind=kind,
        unit_code=unit_code,
        units=units,
        slots=tuple(sorted(slots, key=lambda s: (s.weekday, s.at))),
        timezone=_zone(t, "timezone", network_zone.key),
        airings_per_month=_positive(t, "airings", town_airings if kind == StationKind.TOWN else commune_airings),
    )
    t.done()
    return station


def _unit(t: Table) -> UnitPeriod:
    unit = UnitPeriod(valid_from=t.get("from", date), name=t.get("name", str), code=t.get("code", str, ""))
    t.done()
    return unit


def parse_slots(text: object, where: str) -> list[Slot]:
    """ "Mon Wed Fri 05:30" → three slots; the time comes last."""
    if not isinstance(text, str) or len(text.split()) < 2:
        raise SettingsError(N_("{where}: {text!r} should be weekdays then a time, e.g. \"Mon Wed Fri 05:30\""),
                            where=where, text=text)
    *days, clock = text.split()
    match = _TIME_RE.match(clock)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise SettingsError(N_("{where}: {clock!r} is not a time of day; use HH:MM from 00:00 to 23:59"),
                            where=where, clock=clock)
    at = time(int(match[1]), int(match[2]))
    slots = []
    for day in days:
        name = day.strip(",").capitalize()
        if name not in WEEKDAYS:
            raise SettingsError(N_("{where}: unknown weekday {day!r}; use {days}"), where=where, day=day,
                                days=" ".join(WEEKDAYS))
        slots.append(Slot(WEEKDAYS.index(name), at))
    return slots


def _zone(t: Table, key: str, default: str) -> ZoneInfo:
    name = t.get(key, str, default)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(N_("{field}: unknown time zone {name!r}; use an IANA name such as "
                            "\"Asia/Ho_Chi_Minh\""), field=t.field(key), name=name) from None


def _positive(t: Table, key: str, default: int) -> int:
    value = t.get(key, int, default)
    in_range(t, key, value, 1, 200, "airings a month")
    return value


def _group(where: str, ids: object, known: dict[str, str]) -> tuple[str, ...]:
    if where.endswith(".groups.all"):
        raise SettingsError(N_("{where}: \"all\" already means every station; choose another name"), where=where)
    if not isinstance(ids, list):
        raise SettingsError(N_("{where}: expected a list of station ids, e.g. [\"st-14\", \"st-15\"]"), where=where)
    for station_id in ids:
        if station_id not in known:
            raise SettingsError(N_("{where}: station {station!r} does not exist; known: {known}"), where=where,
                                station=station_id, known=", ".join(known) or Text.of(N_("none")))
    return tuple(ids)


def group_label(network: Network, name: str, day: date) -> str:
    """An emergency group as the office names it on `day`: by the unit its stations serve
    ("phường Sa Huỳnh"); before a merge, by the unit they will form, with the units of `day`
    ("phường Sa Huỳnh (phường Phổ Thạnh, xã Phổ Châu)"); else by their units, listed."""
    ids = dict(network.groups)[name]
    stations = [network.station(i) for i in ids]
    units = list(dict.fromkeys(s.unit_on(day).name for s in stations))
    if len(units) == 1:
        return units[0]
    later = list(dict.fromkeys(s.units[-1].name for s in stations))
    if len(later) == 1:
        return f"{later[0]} ({', '.join(units)})"
    return ", ".join(units)
