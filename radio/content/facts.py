"""The register of facts that age: what a programme states that can change, dated and sourced.

The producing body, each unit's one-stop centre, hotlines, portal names, index rankings, plans and
legal documents in force: each is a `Fact` with the days it is in force (`from`, `to`,
`replaced_by`), its source and whether a public source or the producer `confirmed` it. Facts ship
in radio/content/facts/*.toml; a folder named by `[program].facts` in schedule.toml replaces them
file by file (like templates and plans). A fact may belong to one unit (`unit`, the key of issue
21's per-unit programmes); a unit's own fact wins over the shared one of the same name.

Templates take facts by name (`${hotline}`, `${one_stop_address}`, `${par_index}`); a ranking is
spoken with the year it measures ("Năm 2024, Chỉ số … của tỉnh xếp thứ 43 trên 63 tỉnh, thành
phố"). Which facts a programme speaks is found by their spoken text in the script (`spoken_facts`),
so a fact the editor typed into episode.toml counts too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from radio.core.errors import SettingsError
from radio.core.i18n import N_
from radio.core.tomlfile import Table, load_toml

SHIPPED_FACTS = Path(__file__).with_name("facts")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class FactKind(StrEnum):
    PRODUCER = "producer"    # the body that makes the programme, as the greeting names it
    ONE_STOP = "one_stop"    # a one-stop centre: value = its name; address, hours
    HOTLINE = "hotline"
    PORTAL = "portal"        # the online public-service portal, as named on air
    RANKING = "ranking"      # an index ranking: index, rank, out_of, measured, published
    DOCUMENT = "document"    # a plan or legal document: value = how it is cited
    TEXT = "text"            # anything else that ages (an area's name, a count of units)


@dataclass(frozen=True)
class Fact:
    name: str                 # the template variable and the name an approver accepts
    kind: FactKind
    value: str                # as said on air (a ranking: the index's spoken name)
    valid_from: date
    source: str
    confirmed: bool
    file: Path
    index: int                # position in its file, for messages
    unit: str = ""            # "" for the whole programme, else a unit's key
    valid_to: date | None = None  # last day in force
    replaced_by: str = ""
    address: str = ""         # one_stop
    hours: str = ""           # one_stop
    rank: int = 0             # ranking
    out_of: int = 0           # ranking: how many provinces were ranked
    measured: int = 0         # ranking: the year the index measures
    published: date | None = None  # ranking: when the result was published
    subject: str = ""         # ranking: who is ranked, as said ("tỉnh Quảng Ngãi")

    @property
    def where(self) -> str:
        return f"{self.file}: facts[{self.index}] ({self.name})"

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def spoken(self) -> str:
        """The fact as a sentence or phrase a listener understands on its own."""
        if self.kind == FactKind.RANKING:
            return (f"Năm {self.measured}, {self.value} của {self.subject} xếp thứ {self.rank} "
                    f"trên {self.out_of} tỉnh, thành phố")
        return self.value

    def variables(self) -> dict[str, str]:
        """`${name}` and, by kind, `${name_address}`, `${name_hours}`, `${name_year}`, …"""
        found = {self.name: self.spoken()}
        if self.kind == FactKind.ONE_STOP:
            found |= {f"{self.name}_address": self.address, f"{self.name}_hours": self.hours}
        if self.kind == FactKind.RANKING:
            found |= {f"{self.name}_year": str(self.measured), f"{self.name}_rank": str(self.rank),
                      f"{self.name}_out_of": str(self.out_of)}
        return {k: v for k, v in found.items() if v}

    def said(self) -> tuple[str, ...]:
        """Texts whose presence in a script means the fact is on air."""
        texts = [self.spoken(), self.address] if self.kind != FactKind.RANKING else [
            f"xếp thứ {self.rank} trên {self.out_of}"]
        return tuple(t for t in texts if len(t) >= 4)


@dataclass(frozen=True)
class FactRegister:
    facts: tuple[Fact, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.name for f in self.facts))

    def on(self, day: date, unit: str = "") -> dict[str, Fact]:
        """Each fact name's fact in force on `day` (a unit's own first), by name."""
        found: dict[str, Fact] = {}
        for fact in sorted(self.facts, key=lambda f: (f.unit == unit, f.valid_from)):
            if fact.in_force(day) and fact.unit in ("", unit):
                found[fact.name] = fact
        return found

    def expired(self, day: date, unit: str = "") -> dict[str, Fact]:
        """Facts whose days ended before `day` with nothing of their name in force after them."""
        current = self.on(day, unit)
        found: dict[str, Fact] = {}
        for fact in sorted(self.facts, key=lambda f: f.valid_from):
            if (fact.unit in ("", unit) and fact.valid_to is not None and fact.valid_to < day
                    and fact.name not in current):
                found[fact.name] = fact
        return found

    def variables(self, day: date, unit: str = "") -> dict[str, str]:
        """Template variables of the facts in force; an expired fact still fills its variable
        (so a template citing it builds) and the build says it is out of date."""
        values: dict[str, str] = {}
        for fact in [*self.expired(day, unit).values(), *self.on(day, unit).values()]:
            values.update(fact.variables())
        return values


def spoken_facts(text: str, facts: Iterable[Fact]) -> tuple[Fact, ...]:
    """The facts whose spoken text occurs in `text` (a whole script)."""
    return tuple(f for f in facts if any(said in text for said in f.said()))


def fact_files(user_dir: Path | None = None) -> dict[str, Path]:
    """Fact files by name: the shipped ones, replaced or added to by the user's folder."""
    found: dict[str, Path] = {}
    for folder in (SHIPPED_FACTS, user_dir):
        if folder is not None and folder.is_dir():
            found.update({p.name: p for p in sorted(folder.glob("*.toml"))})
    return found


def load_register(user_dir: Path | None = None) -> FactRegister:
    return register_of({path: load_toml(path) for path in fact_files(user_dir).values()})


def register_of(files: Mapping[Path, Mapping[str, object]]) -> FactRegister:
    """The register of parsed fact files (path → its TOML), checked as `load_register` checks it."""
    facts: list[Fact] = []
    for path, data in files.items():
        raw = Table(dict(data), str(path))
        facts += [_fact(t, path, i) for i, t in enumerate(raw.tables("facts"))]
        raw.done()
    _check_overlaps(facts)
    return FactRegister(tuple(facts))


def _fact(t: Table, path: Path, index: int) -> Fact:
    name = t.get("name", str)
    if not _NAME.match(name):
        raise SettingsError(N_("{field}: {name!r} is not a fact name (lower-case letters, digits and _; it "
                               "is also the template variable)"), field=t.field("name"), name=name)
    kind_text = t.choice("kind", tuple(FactKind), FactKind.TEXT)
    kind = FactKind(kind_text)
    ranking = kind == FactKind.RANKING
    fact = Fact(
        name=name, kind=kind, value=t.get("value", str), valid_from=t.get("from", date),
        source=t.get("source", str), confirmed=t.get("confirmed", bool), file=path, index=index,
        unit=t.get("unit", str, ""), valid_to=t.get("to", date, None),
        replaced_by=t.get("replaced_by", str, ""),
        address=t.get("address", str, ""), hours=t.get("hours", str, ""),
        rank=t.get("rank", int, ...) if ranking else 0,
        out_of=t.get("out_of", int, ...) if ranking else 0,
        measured=t.get("measured", int, ...) if ranking else 0,
        published=t.get("published", date, ...) if ranking else None,
        subject=t.get("subject", str, ...) if ranking else "")
    t.done()
    if not fact.value.strip():
        raise SettingsError(N_("{field}: must not be empty"), field=t.field("value"))
    if fact.confirmed and not fact.source.strip():
        raise SettingsError(N_("{field}: a confirmed fact names its source"), field=t.field("source"))
    if fact.valid_to is not None and fact.valid_to < fact.valid_from:
        raise SettingsError(N_("{field}: {to} is before from = {start}"), field=t.field("to"), to=fact.valid_to,
                            start=fact.valid_from)
    if ranking and not 1 <= fact.rank <= fact.out_of:
        raise SettingsError(N_("{field}: {rank} is not between 1 and out_of = {out_of}"), field=t.field("rank"),
                            rank=fact.rank, out_of=fact.out_of)
    if ranking and fact.published is not None and fact.published.year < fact.measured:
        raise SettingsError(N_("{field}: {published} is before the year it measures ({measured})"),
                            field=t.field("published"), published=fact.published, measured=fact.measured)
    return fact


def _check_overlaps(facts: list[Fact]) -> None:
    """Two facts of one name and unit in force on the same day: which one airs is unclear."""
    by_key: dict[tuple[str, str], list[Fact]] = {}
    for fact in facts:
        by_key.setdefault((fact.name, fact.unit), []).append(fact)
    for group in by_key.values():
        group.sort(key=lambda f: f.valid_from)
        for before, after in zip(group, group[1:], strict=False):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                raise SettingsError(
                    N_("{later}: in force from {start} while {earlier} still is; give the earlier one "
                       "`to = ` a day before {start}"),
                    later=after.where, start=after.valid_from, earlier=before.where)


def as_rows(register: FactRegister) -> list[Mapping[str, object]]:
    """The register as plain rows (for the Studio and `radio facts`)."""
    return [{"name": f.name, "unit": f.unit, "kind": str(f.kind), "value": f.spoken(),
             "from": f.valid_from.isoformat(), "to": f.valid_to.isoformat() if f.valid_to else "",
             "confirmed": f.confirmed, "source": f.source} for f in register.facts]
