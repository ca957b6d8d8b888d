"""A year's communication plan as data: its content areas, programme requirement and deadline.

Plans ship in radio/content/plans/YYYY.toml; a folder named by `[program].plans` adds or replaces
them file by file. A plan applies from a date (`from`, default 1 January of its year) until the
next plan's: the 2024 plan until 30/6/2025, then the province's 2025 plan adapted to the two-level
government, then 2026's. A month without a plan of its own year uses the one in force, and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.tomlfile import Table, load_toml

SHIPPED_PLANS = Path(__file__).with_name("plans")
_PLAN_FILE = re.compile(r"^(\d{4})\.toml$")
CONFIRMABLE = ("title", "issuer", "report.deadline", "areas")


@dataclass(frozen=True)
class PlanArea:
    id: int                       # item number in the plan's content section; keeps its meaning
    title: str                    # heading for tables, script.md and the database
    spoken: str                   # short phrase the greeting reads ("… mời quý vị cùng tìm hiểu: …")
    references: tuple[str, ...]   # documents as issued, for the editor and the report
    hotline: bool = False         # read in every programme's hotline segment, never planned


@dataclass(frozen=True)
class CommunicationPlan:
    year: int
    title: str
    issuer: str
    templates: str                # folder of the area templates, e.g. "plan-2024"
    areas: tuple[PlanArea, ...]
    per_month: int                # programmes a month the plan asks for
    min_minutes: float
    max_minutes: float
    report_deadline: date
    confirm: tuple[str, ...]      # fields that are examples, to be confirmed before air
    source: str
    path: Path
    valid_from: date | None = None  # when it starts to apply; None: 1 January of its year

    @property
    def starts(self) -> date:
        return self.valid_from or date(self.year, 1, 1)

    @property
    def area_ids(self) -> tuple[int, ...]:
        return tuple(area.id for area in self.areas)

    @property
    def hotline_area(self) -> int | None:
        return next((area.id for area in self.areas if area.hotline), None)

    def area(self, area_id: int) -> PlanArea:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise RadioError(N_("{file}: the {year} plan has no content area {area}"), file=str(self.path),
                         year=self.year, area=area_id)

    def check_area(self, value: object, where: str) -> int:
        """An area number from user input, or a RadioError naming where it came from."""
        if isinstance(value, bool) or not isinstance(value, int) or value not in self.area_ids:
            ids = self.area_ids
            raise RadioError(
                N_("{where}: {value!r} is not a content area of the {year} plan; use a number from "
                   "{low} to {high} (see `radio plan {year}`)"),
                where=where, value=value, year=self.year, low=min(ids), high=max(ids))
        return value


@dataclass(frozen=True)
class PlanInForce:
    """The plan a year's programmes follow, and whether it is that year's own."""

    plan: CommunicationPlan
    year: int

    @property
    def borrowed(self) -> bool:
        return self.plan.year != self.year

    def notice(self) -> str:
        """One line for summaries and reports when the year has no plan of its own."""
        if not self.borrowed:
            return ""
        return (f"{self.year} has no communication plan of its own: the {self.plan.year} plan "
                f"({self.plan.path.name}) is used; add plans/{self.year}.toml")


def plan_in_force(year: int, user_dir: Path | None = None, month: int = 12) -> PlanInForce:
    """The plan that applies on the first day of `month` of `year`."""
    return plan_on(date(year, month, 1), user_dir)


def plan_on(day: date, user_dir: Path | None = None) -> PlanInForce:
    files = plan_files(user_dir)
    plans = sorted((_loaded_plan(path) for year, path in files.items() if year <= day.year),
                   key=lambda p: p.starts)
    earlier = [plan for plan in plans if plan.starts <= day]
    if not earlier:
        raise RadioError(N_("no communication plan for {year} or an earlier year; plans exist for {years}"),
                         year=day.year, years=", ".join(map(str, sorted(files))))
    return PlanInForce(earlier[-1], day.year)


def new_plan_text(year: int, user_dir: Path | None = None) -> str:
    """A new year's plan file started from the last one: the same areas and templates, every
    field marked as an example until the producer confirms it from the province's plan."""
    last = plan_on(date(year, 1, 1), user_dir).plan
    if last.year >= year:
        raise RadioError(N_("{file}: {year} already has a plan; edit that file"), file=str(last.path),
                         year=year)
    text = last.path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^year = \d{4}$", f"year = {year}", text)
    text = re.sub(r"(?m)^from = .*\n", "", text)
    text = re.sub(r"(?m)^confirm = .*$", 'confirm = ["title", "issuer", "report.deadline", "areas"]',
                  text)
    text = text.replace(f"năm {last.year}", f"năm {year}")
    text = re.sub(r"(?m)^deadline = (\d{4})", f"deadline = {year}", text)
    header = (f"# STARTED FROM {last.path.name} by `radio plan {year} --new`: replace the title, issuer,\n"
              f"# areas and references with the province's {year} plan when it is issued, then\n"
              "# remove them from `confirm`.\n")
    return header + text


_LOADED: dict[Path, tuple[tuple[int, int, int], CommunicationPlan]] = {}


def _loaded_plan(path: Path) -> CommunicationPlan:
    """load_plan, read again only when the file changed (its time, size, inode): the Studio's year
    page asks for the plan in force a dozen times, and parsing it each time took ~100 ms."""
    info = path.stat()
    stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
    held = _LOADED.get(path)
    if held is None or held[0] != stamp:
        held = _LOADED[path] = (stamp, load_plan(path))
    return held[1]


def plan_files(user_dir: Path | None = None) -> dict[int, Path]:
    """Plan files by year: the shipped ones, replaced or added to by the user's folder."""
    found: dict[int, Path] = {}
    for folder in (SHIPPED_PLANS, user_dir):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            match = _PLAN_FILE.match(path.name)
            if match:
                found[int(match[1])] = path
    return found


def load_plan(path: Path) -> CommunicationPlan:
    return plan_of(load_toml(path), path)


def plan_of(data: dict[str, object], path: Path) -> CommunicationPlan:
    """The plan of a parsed plan file (`path` names it in messages), checked as `load_plan` does."""
    raw = Table(data, str(path))
    year = raw.get("year", int)
    if _PLAN_FILE.match(path.name) and int(path.name[:4]) != year:
        raise RadioError(N_("{field}: {year}, but the file is named {name}"), field=raw.field("year"), year=year,
                         name=path.name)
    programme, report = raw.table("programme"), raw.table("report")
    confirm = tuple(raw.get("confirm", list, []))
    for i, name in enumerate(confirm):
        if name not in CONFIRMABLE:
            raise RadioError(N_("{field}[{i}]: {name!r} is not one of {listed}"), field=raw.field("confirm"),
                             i=i, name=name, listed=", ".join(CONFIRMABLE))
    areas = tuple(_area(t) for t in raw.tables("areas"))
    plan = CommunicationPlan(
        year=year, title=raw.get("title", str), issuer=raw.get("issuer", str),
        templates=raw.get("templates", str), areas=areas,
        per_month=programme.get("per_month", int, 1),
        min_minutes=programme.get("min_minutes", float, 10.0),
        max_minutes=programme.get("max_minutes", float, 15.0),
        report_deadline=report.get("deadline", date),
        confirm=confirm, source=raw.get("source", str, ""), path=path,
        valid_from=raw.get("from", date, None))
    raw.get("bases", list, [])
    programme.done()
    report.done()
    raw.done()
    ids = [area.id for area in areas]
    if not ids or len(set(ids)) != len(ids):
        raise RadioError(N_("{field}: each area needs its own id; got {ids}"), field=raw.field("areas"), ids=ids)
    if sum(area.hotline for area in areas) > 1:
        raise RadioError(N_("{field}: at most one area is the hotline area"), field=raw.field("areas"))
    return plan


def _area(t: Table) -> PlanArea:
    area = PlanArea(id=t.get("id", int), title=t.get("title", str), spoken=t.get("spoken", str),
                    references=tuple(t.get("references", list, [])),
                    hotline=t.get("hotline", bool, False))
    t.done()
    if area.id < 1:
        raise RadioError(N_("{field}: area numbers start at 1"), field=t.field("id"))
    return area
