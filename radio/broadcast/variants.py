"""A month's programme per unit (build.json `variants`): which file each station airs.

A month built for several units (issue 21) lists one variant per unit — its key (a group of
`[network.groups]`), its name, its MP3 (relative to the month's folder), sha256, duration and the
stations that air it; the stations of one unit share one file. A build.json without variants (all
the 2024 months) is one programme for every station, as before. A station that would air a month
built per unit but belongs to none of its units is refused with its name, never given another
unit's programme.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from radio.broadcast.stations import Network, Station
from radio.core.errors import RadioError
from radio.core.i18n import N_

BUILD_JSON = "build.json"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class UnitProgramme:
    """One unit's programme of a month."""

    unit: str       # the unit's key: a group of [network.groups]
    unit_name: str  # "phường Sa Huỳnh"
    path: Path      # the MP3, absolute
    sha256: str
    duration_s: float
    stations: tuple[str, ...]
    own_title: str = ""  # the unit's title tag, when the build recorded it

    def title(self, month_title: str) -> str:
        """The unit's title as its tag says, else the month's title naming the unit."""
        if self.own_title:
            return self.own_title
        if not self.unit_name or self.unit_name in month_title:
            return month_title
        return f"{month_title} — {self.unit_name}"


def episode_variants(root: Path, mp3_path: str, network: Network) -> tuple[UnitProgramme, ...]:
    """The unit programmes of the month whose programme is `mp3_path` (relative to `root`, the
    settings' folder, as the database records it)."""
    source = Path(mp3_path)
    return read_variants((source if source.is_absolute() else root / source).parent, network)


def read_variants(folder: Path, network: Network) -> tuple[UnitProgramme, ...]:
    """The unit programmes recorded in `folder`/build.json; () for one programme (no variants, or
    no build.json: a month recorded without one). A variant without `stations` airs on its unit's
    group."""
    path = folder / BUILD_JSON
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ()
    except (OSError, ValueError) as err:
        raise RadioError(N_("{file}: unreadable ({problem}); rebuild the month with `radio build`"),
                         file=str(path), problem=str(err)) from None
    raw = document.get("variants") if isinstance(document, dict) else None
    if not raw:
        return ()
    if not isinstance(raw, list):
        raise _bad(path, "variants")
    groups = dict(network.groups)
    return tuple(_variant(path, folder, f"variants[{i}]", entry, groups) for i, entry in enumerate(raw))


def station_programmes(month: str, variants: tuple[UnitProgramme, ...],
                       stations: tuple[Station, ...]) -> dict[str, UnitProgramme]:
    """Each of `stations`' unit programme; refused for a station in none of the units or in two, and
    for a variant naming a station the network does not have."""
    known = {s.id for s in stations}
    found: dict[str, UnitProgramme] = {}
    for variant in variants:
        for station_id in variant.stations:
            if station_id in found:
                raise RadioError(N_("{month}: station {station} is in two units' programmes ({first}, "
                                    "{second}); a station airs one unit's programme — fix "
                                    "[network.groups] in schedule.toml and rebuild"),
                                 month=month, station=station_id, first=found[station_id].unit,
                                 second=variant.unit)
            found[station_id] = variant
    for station in stations:
        if station.id not in found:
            raise unit_missing(month, station, [v.unit for v in variants])
    return {sid: variant for sid, variant in found.items() if sid in known}


def unit_missing(month: str, station: Station, units: Iterable[str]) -> RadioError:
    """The refusal for a station that would air a month built per unit but is in none of its units."""
    return RadioError(N_("{month}: station {station} ({name}) is in none of the month's units "
                         "({units}), so it has no programme to air; add it to its unit in "
                         "[network.groups] of schedule.toml and rebuild"),
                      month=month, station=station.id, name=station.name,
                      units=", ".join(dict.fromkeys(units)))


def _variant(path: Path, folder: Path, where: str, entry: object,
             groups: Mapping[str, tuple[str, ...]]) -> UnitProgramme:
    if not isinstance(entry, dict):
        raise _bad(path, where)
    unit, name, file, sha256, title = (entry.get(k) for k in ("unit", "unit_name", "file", "sha256", "title"))
    duration, stations = entry.get("duration"), entry.get("stations") or []
    if not isinstance(unit, str) or not unit:
        raise _bad(path, f"{where}.unit")
    if not isinstance(name, str):
        raise _bad(path, f"{where}.unit_name")
    relative = PurePosixPath(file) if isinstance(file, str) else None
    if relative is None or not file or relative.is_absolute() or ".." in relative.parts:
        raise _bad(path, f"{where}.file")
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        raise _bad(path, f"{where}.sha256")
    if isinstance(duration, bool) or not isinstance(duration, int | float) or duration <= 0:
        raise _bad(path, f"{where}.duration")
    if not isinstance(stations, list) or not all(isinstance(s, str) for s in stations):
        raise _bad(path, f"{where}.stations")
    if title is not None and not isinstance(title, str):
        raise _bad(path, f"{where}.title")
    members = tuple(stations) or groups.get(unit, ())
    if not members:
        raise RadioError(N_("{file}: {field}: unit {unit!r} lists no stations and is no group of "
                            "[network.groups]; name its stations there and rebuild"),
                         file=str(path), field=f"{where}.stations", unit=unit)
    return UnitProgramme(unit=unit, unit_name=name, path=folder / relative, sha256=sha256,
                         duration_s=float(duration), stations=members, own_title=title or "")


def _bad(path: Path, field: str) -> RadioError:
    return RadioError(N_("{file}: {field} is missing or malformed; rebuild the month with `radio build`"),
                      file=str(path), field=field)
