"""The units a month's programme is made for: one programme each, sharing one core (issue 21).

Since 01/7/2025 each commune and ward runs its own station; a month whose network has two or more
units (the keys of `[network.groups]` in schedule.toml whose stations all serve one unit that
month) gets a programme per unit: the shared core said once, and each unit's local part (its
station's greeting, its one-stop centre and hotline, its news, its thanks) from its facts in the
register. A group whose stations serve different units that month (the town's 2024 wards and
communes) is no unit, so the 2024 months, and a network of one unit, make one programme as before.
The schedule's stations and groups arrive here as plain values (config composes them): content
knows no stations module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class StationUnits:
    """One station's dated unit names, oldest first."""

    station: str
    names: tuple[tuple[date, str], ...]

    def on(self, day: date) -> str:
        current = self.names[0][1] if self.names else ""
        for start, name in self.names:
            if start <= day:
                current = name
        return current


@dataclass(frozen=True)
class Unit:
    key: str                    # the group's key in schedule.toml: "sa-huynh"
    name: str                   # as said on air: "phường Sa Huỳnh"
    stations: tuple[str, ...]   # station ids that air this unit's programme


@dataclass(frozen=True)
class UnitNetwork:
    """The network's groups and stations, enough to tell a month's units."""

    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    stations: tuple[StationUnits, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.groups)

    def on(self, day: date) -> tuple[Unit, ...]:
        """The units of `day`, in the groups' order; empty when fewer than two (one programme).

        A unit's stations are its group's and every other station serving the same unit that day
        (a town station that became one ward's)."""
        named = {s.station: s.on(day) for s in self.stations}
        units: list[Unit] = []
        for key, members in self.groups:
            names = {named.get(member, "") for member in members}
            if len(names) != 1 or "" in names:
                continue
            name = names.pop()
            same = [s.station for s in self.stations if named[s.station] == name]
            units.append(Unit(key, name, tuple(dict.fromkeys([*members, *same]))))
        if len(units) < 2 or len({u.name for u in units}) != len(units):
            return ()
        return tuple(units)


def unit_of_station(units: tuple[Unit, ...], station: str) -> Unit | None:
    """The unit whose programme `station` airs, or None (it airs the whole area's programme)."""
    return next((unit for unit in units if station in unit.stations), None)
