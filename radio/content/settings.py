"""`[program]` of schedule.toml: the programme, its duration window and its dated identity.

Who makes the programme and which area it serves change over time (01/7/2025: no more district
level), so they are a dated history, `[[program.identity]]`; a month is built with the identity in
force on its first day. Nothing in templates or code names a unit directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

from radio.content.facts import FactRegister, load_register
from radio.content.units import Unit, UnitNetwork
from radio.core.errors import RadioError, SettingsError
from radio.core.i18n import N_
from radio.core.month import Month
from radio.core.tomlfile import Table, existing_file, folder, read_section, setting

MAX_MINUTES = 180  # a programme's duration window lies within 0..3 hours


@dataclass(frozen=True)
class Identity:
    """Who speaks to whom in one period; every field is also a template variable."""

    valid_from: date
    centre: str       # the producing body, as the greeting names it
    area: str         # the area served, as named on air
    area_kind: str    # the level word of running text: "thị xã", later "phường, xã"
    local_units: str  # the units within the area: "các xã, phường"
    one_stop: str     # where citizens file procedures
    province: str
    hotline: str
    portal: str       # the online public-service portal, as named on air
    confirm: tuple[str, ...]  # fields that are examples and must be confirmed before air
    source: str       # where the facts come from

    def variables(self) -> dict[str, str]:
        """The identity's template variables: ${centre}, ${area}, ${hotline}, …"""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name in VARIABLES and getattr(self, f.name)}


VARIABLES = ("centre", "area", "area_kind", "local_units", "one_stop", "province", "hotline", "portal")
# Identity fields that are facts of the register (radio/content/facts): the register's fact in
# force wins; schedule.toml may still give them (older settings), then `confirm` says which are
# examples.
FROM_REGISTER = {"centre": "producer", "one_stop": "one_stop", "hotline": "hotline",
                 "portal": "portal"}


@dataclass(frozen=True)
class ProgramSettings:
    """Each field is declared once here: default, type and allowed values (read by read_section)."""

    name: str = setting("Chuyên mục Cải cách hành chính")
    min_minutes: float = setting(10.0, low=0, high=MAX_MINUTES, unit="minutes")
    max_minutes: float = setting(15.0, low=0, high=MAX_MINUTES, unit="minutes")
    target_minutes: float = setting(12.5, low=0, high=MAX_MINUTES, unit="minutes")
    templates_dir: Path | None = existing_file(key="templates")  # user templates, file by file
    plans_dir: Path | None = existing_file(key="plans")  # user plans (YYYY.toml), added or replacing
    episodes_dir: Path = folder("episodes", key="episodes")
    facts_dir: Path | None = existing_file(key="facts")  # user fact files, file by file
    identities: tuple[Identity, ...] = ()  # oldest first
    register: FactRegister = field(default_factory=lambda: FactRegister(()))
    network: UnitNetwork = UnitNetwork()  # groups and stations: the units of a month (config sets it)

    @property
    def window_s(self) -> tuple[float, float]:
        return self.min_minutes * 60, self.max_minutes * 60

    def identity_on(self, day: date) -> Identity:
        if not self.identities:
            raise RadioError(N_("schedule.toml: no [[program.identity]] period; add one (from, centre, area, "
                                "…): who makes the programme and for which area"))
        current = self.identities[0]
        for identity in self.identities:
            if identity.valid_from <= day:
                current = identity
        in_force = self.register.on(day)
        given = {key: in_force[name].value for key, name in FROM_REGISTER.items() if name in in_force}
        return replace(current, **given)  # type: ignore[arg-type]  # str fields only

    def identity_of(self, month: Month) -> Identity:
        return self.identity_on(date(month.year, month.month, 1))

    def units_of(self, month: Month) -> tuple[Unit, ...]:
        """The units getting a programme each in `month`; empty: one programme for the area."""
        return self.network.on(date(month.year, month.month, 1))


def parse_program(t: Table, root: Path) -> ProgramSettings:
    program = read_section(t, ProgramSettings, root, identities=_identities(t))
    program = replace(program, plans_dir=program.plans_dir or default_dir(root, "plans"),
                      facts_dir=program.facts_dir or default_dir(root, "facts"))
    program = replace(program, register=load_register(program.facts_dir))
    if not 0 < program.min_minutes <= program.target_minutes <= program.max_minutes:
        raise SettingsError(
            N_("{where}: need 0 < min_minutes ≤ target_minutes ≤ max_minutes ≤ {limit}, got {low}, "
               "{target}, {high}"),
            where=t.where, limit=MAX_MINUTES, low=program.min_minutes, target=program.target_minutes,
            high=program.max_minutes)
    return program


def default_dir(root: Path, name: str) -> Path | None:
    """The folder `name` beside schedule.toml when it exists (`radio plan YEAR --new` makes plans/)."""
    return root / name if (root / name).is_dir() else None


def _identities(t: Table) -> tuple[Identity, ...]:
    tables = t.tables("identity")  # may be empty until something needs it (identity_on says so)
    periods: list[Identity] = []
    for table in tables:
        identity = _identity(table, periods[-1] if periods else None)
        if periods and identity.valid_from <= periods[-1].valid_from:
            raise SettingsError(N_("{field}: {start} is not after the previous period's {previous}; list "
                                   "periods oldest first"),
                                field=table.field("from"), start=identity.valid_from,
                                previous=periods[-1].valid_from)
        periods.append(identity)
    return tuple(periods)


def _identity(t: Table, before: Identity | None) -> Identity:
    """One period; a field left out carries over from the period before."""
    def text(key: str) -> str:
        default = getattr(before, key) if before is not None else (
            "" if key in FROM_REGISTER else ...)
        value = t.get(key, str, default)
        if not value.strip() and key not in FROM_REGISTER:
            raise SettingsError(N_("{field}: must not be empty"), field=t.field(key))
        return value

    values = {key: text(key) for key in VARIABLES}
    confirm = tuple(t.get("confirm", list, []))
    for i, name in enumerate(confirm):
        if name not in VARIABLES:
            raise SettingsError(N_("{field}[{i}]: {name!r} is not one of {listed}"), field=t.field("confirm"),
                                i=i, name=name, listed=", ".join(VARIABLES))
    identity = Identity(valid_from=t.get("from", date), confirm=confirm,
                        source=t.get("source", str, ""), **values)
    t.done()
    return identity
