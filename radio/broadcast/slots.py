"""Stations' weekly slots → the programme's airings in its validity window (pure: dates injected)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from radio.broadcast.stations import WEEKDAYS, Station, parse_slots
from radio.core import i18n
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.month import Month
from radio.protocol.kinds import Priority


@dataclass(frozen=True)
class ValidityWindow:
    """When an item may air: [start, end) in local time."""
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Airing:
    station_id: str
    item_id: str
    starts_at: datetime  # aware, in the station's time zone
    duration_s: float
    priority: Priority
    unit: str = ""       # the unit whose programme airs, for a month built per unit
    unit_name: str = ""


@dataclass(frozen=True)
class StationPlan:
    station: Station
    airings: tuple[Airing, ...]
    wanted: int  # airings asked for; more than len(airings) when the window has too few slots


def validity(month: Month, zone: ZoneInfo, days: int | None) -> ValidityWindow:
    """The calendar month by default, or `days` days from the 1st."""
    start = month.start(zone)
    end = month.end(zone) if days is None else \
        datetime.combine(start.date() + timedelta(days=days), start.timetz())
    return ValidityWindow(start, end)


def slot_times(station: Station, window: ValidityWindow) -> list[datetime]:
    """Every occurrence of the station's slots in the window, in order."""
    found = []
    day: date = window.start.astimezone(station.timezone).date()
    last = window.end.astimezone(station.timezone).date()
    while day <= last:
        for slot in station.slots:
            if slot.weekday == day.weekday():
                moment = datetime.combine(day, slot.at, tzinfo=station.timezone)
                if window.start <= moment < window.end:
                    found.append(moment)
        day += timedelta(days=1)
    return sorted(found)


def spread(times: list[datetime], count: int) -> list[datetime]:
    """`count` of `times` spread evenly (the middle of each equal share), or all if there are fewer."""
    if count >= len(times):
        return list(times)
    return [times[int((i + 0.5) * len(times) / count)] for i in range(count)]


def plan_airings(stations: tuple[Station, ...], item_id: str, duration_s: float,
                 window: ValidityWindow, priority: Priority = Priority.NORMAL,
                 not_before: datetime | None = None, unit: str = "", unit_name: str = "") -> list[StationPlan]:
    """Each station's airings of one item: its own slots, its own count, none before `not_before`
    (`unit`: whose programme it is, for a month built per unit)."""
    if priority not in tuple(Priority):
        raise ValueError(f"priority {priority!r} is not one of {', '.join(Priority)}")
    plans = []
    for station in stations:
        times = [t for t in slot_times(station, window) if not_before is None or t >= not_before]
        chosen = spread(times, station.airings_per_month)
        plans.append(StationPlan(station, tuple(
            Airing(station.id, item_id, t, duration_s, priority, unit, unit_name) for t in chosen),
            station.airings_per_month))
    return plans


# ---------------------------------------------------------------- a slot line, as people see it


@dataclass(frozen=True)
class SlotLine:
    """One line of a station's `slots` in schedule.toml: some weekdays at one local time."""
    days: tuple[int, ...]  # 0 = Monday, sorted, no repeats
    at: time

    def toml(self) -> str:
        """As schedule.toml writes it: "Mon Wed Fri 05:30" (the file's format does not change)."""
        return " ".join([*(WEEKDAYS[d] for d in self.days), f"{self.at:%H:%M}"])

    def label(self, language: str = i18n.DEFAULT_LANGUAGE) -> str:
        """As the office reads it: "Thứ Hai, Thứ Tư, Thứ Sáu 05:30"."""
        return f"{', '.join(i18n.WEEKDAYS[language][d] for d in self.days)} {self.at:%H:%M}"


def parse_slot_line(text: str, where: str = "slots") -> SlotLine:
    """ "Mon Wed Fri 05:30" → SlotLine; a SettingsError names `where` and what to write."""
    slots = parse_slots(text, where)
    return SlotLine(tuple(sorted({s.weekday for s in slots})), slots[0].at)


def slot_line(days: Iterable[str | int], at: str, number: int) -> SlotLine:
    """A slot from the Studio's form (weekday checkboxes 0–6 and an HH:MM field), checked."""
    chosen = sorted({int(d) for d in days if str(d).isdigit() and 0 <= int(d) <= 6})
    if not chosen:
        raise RadioError(N_("Slot {number}: tick at least one weekday."), number=number)
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", at.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise RadioError(N_("Slot {number}: {time!r} is not a time of day; write it as HH:MM, from 00:00 to "
                            "23:59."), number=number, time=at.strip())
    return SlotLine(tuple(chosen), time(int(match[1]), int(match[2])))


def slots_label(texts: Iterable[str], language: str = i18n.DEFAULT_LANGUAGE, joiner: str = "; ") -> str:
    """Slot lines as written in schedule.toml → the office's words; a line that does not parse is
    shown as written (an old audit entry, a file being edited)."""
    shown = []
    for text in texts:
        try:
            shown.append(parse_slot_line(text).label(language))
        except RadioError:
            shown.append(text)
    return joiner.join(shown)
