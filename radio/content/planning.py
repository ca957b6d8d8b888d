"""The year as the compiler sees it: the plan in force, the month inputs, and the year plan.

The I/O edge of planning: reads episode.toml files and the saved year plan
(`<episodes>/plan-YYYY.toml`), and saves the plan when asked, so that the months not built yet
stay stable until `radio plan YEAR --replan`. Which months are built is the caller's knowledge
(the build records), passed in as `built`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from radio.content.episode import MonthInput, load_year_inputs
from radio.content.plan import PlanInForce, plan_in_force
from radio.content.settings import ProgramSettings
from radio.content.yearplan import YearPlan, plan_year
from radio.core.atomic import write_text_atomic
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.core.tomlfile import Table, load_toml


@dataclass(frozen=True)
class BuiltMonth:
    """What a built month's record says it used: fixed from then on."""

    topics: tuple[int, ...]
    material: tuple[str, ...]


@dataclass(frozen=True)
class YearPlanning:
    in_force: PlanInForce
    inputs: Mapping[int, MonthInput]  # months with an episode.toml
    year_plan: YearPlan
    saved_path: Path
    built_material: Mapping[int, tuple[str, ...]]  # built months → the optional blocks they used
    plans: Mapping[int, PlanInForce] = field(default_factory=dict)  # month → the plan in force
    previous: YearPlanning | None = None  # the year before: months look back twelve months

    def plan_of(self, month: int) -> PlanInForce:
        """The plan in force on the month's first day (plans apply by period, not by year)."""
        return self.plans.get(month, self.in_force)

    def aired_before(self, month: int, topic: int) -> bool:
        """Whether a programme of the twelve months before `month` covered `topic`."""
        earlier = any(topic in self.year_plan.topics(m) for m in range(1, month))
        last_year = self.previous is not None and any(
            topic in self.previous.year_plan.topics(m) for m in range(month, 13))
        return earlier or last_year

    def month_input(self, month: int) -> MonthInput | None:
        return self.inputs.get(month)


def saved_plan_path(program: ProgramSettings, year: int) -> Path:
    return program.episodes_dir / f"plan-{year}.toml"


def year_planning(program: ProgramSettings, year: int,
                  built: Mapping[int, BuiltMonth] | None = None, *,
                  replan: bool = False, save: bool = False, month: int = 12,
                  previous: YearPlanning | None = None) -> YearPlanning:
    """The year's planning; `built` maps months already built to what they used (it stays).

    `in_force` is the plan of `month`; each month's own is `plan_of(month)`."""
    built = built or {}
    plans = {m: plan_in_force(year, program.plans_dir, m) for m in range(1, 13)}
    in_force = plans[month]
    plan = in_force.plan
    inputs = load_year_inputs(program.episodes_dir, year)
    for month_input in inputs.values():
        for i, topic_id in enumerate(month_input.topics):
            plan.check_area(topic_id, f"{month_input.path}.topics[{i}]")
        for i, item in enumerate(month_input.qa):
            if item.topic is not None:
                plan.check_area(item.topic, f"{month_input.path}.qa[{i}].topic")
    path = saved_plan_path(program, year)
    saved = {} if replan else read_saved_plan(path)
    year_plan = plan_year(year, plan.area_ids, plan.hotline_area,
                          {m: i.topics for m, i in inputs.items()},
                          {m: b.topics for m, b in built.items()}, saved,
                          previous.year_plan.saved_form() if previous else None)
    if save and year_plan.saved_form() != saved:
        write_text_atomic(path, _saved_text(year_plan))
    return YearPlanning(in_force, inputs, year_plan, path,
                        {m: b.material for m, b in built.items()}, plans, previous)


def earlier_planning(program: ProgramSettings, year: int,
                     built_of: Callable[[int], Mapping[int, BuiltMonth]] = lambda _year: {},
                     ) -> YearPlanning | None:
    """An earlier year's planning as it stands (never saved from here), itself carrying the year
    before it; None before the first plan. `built_of(year)`: that year's built months."""
    try:
        plan_in_force(year, program.plans_dir, 1)
    except RadioError:
        return None
    return year_planning(program, year, built_of(year),
                         previous=earlier_planning(program, year - 1, built_of))


def read_saved_plan(path: Path) -> dict[int, tuple[int, ...]]:
    if not path.is_file():
        return {}
    raw = Table(load_toml(path), str(path))
    raw.get("year", int)
    months = raw.table("months")
    saved: dict[int, tuple[int, ...]] = {}
    for key in months:
        if not key.isdigit() or not 1 <= int(key) <= 12:
            raise RadioError(N_("{field}: not a month number (01 to 12); delete {name} to plan the year "
                                "again"), field=months.field(key), name=path.name)
        saved[int(key)] = tuple(months.get(key, list))
    months.done()
    raw.done()
    return saved


def _saved_text(year_plan: YearPlan) -> str:
    lines = [f"# The {year_plan.year} year plan as last saved by radio: months not built yet keep these",
             f"# topics until `radio plan {year_plan.year} --replan`. Built months never change.",
             f"year = {year_plan.year}", "", "[months]"]
    lines += [f'"{m:02d}" = [{", ".join(map(str, topics))}]'
              for m, topics in year_plan.saved_form().items()]
    return "\n".join(lines) + "\n"
