"""Năm: the year's months, their state and the alerts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from starlette.responses import Response

from radio.content.plan import plan_files
from radio.content.yearplan import YearPlan
from radio.core.errors import RadioError
from radio.core.month import Month
from radio.lifecycle.months import starting_unapproved, year_status
from radio.lifecycle.stations import quiet_stations
from radio.pipeline.context import build_planning
from radio.studio.app import Ctx
from radio.studio.pages.common import _plan
from radio.studio.pages.notifications import fleet_health

# ---------------------------------------------------------------- Năm


def _year_plan(ctx: Ctx, year: int) -> YearPlan:
    """The year's plan as build_planning figures it, figured again only when a file it reads
    changed: the months' inputs and builds (this year and before), the saved plans, the plan
    files and the settings. Parsing them all took a third of the page's time."""
    settings = ctx.settings
    program = settings.program
    files = [settings.path, *sorted(program.episodes_dir.glob("*/episode.toml")),
             *sorted(program.episodes_dir.glob("*/build.json")), *sorted(program.episodes_dir.glob("plan-*.toml")),
             *plan_files(program.plans_dir).values()]
    key = ("year-plan", year)
    stamp = tuple((str(path), *_stamp(path)) for path in files)
    held = ctx.studio.cache.get(key)
    if held is None or held[0] != stamp:
        held = ctx.studio.cache[key] = (stamp, build_planning(settings, Month(year, 1), save=False).year_plan)
    plan: YearPlan = held[1]
    return plan


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def year_page(ctx: Ctx) -> Response:
    year = ctx.year()
    settings = ctx.settings
    months = year_status(ctx.studio.engine, settings.program.episodes_dir, settings.network, year)
    problems: list[str] = []
    areas = _plan(ctx, year)
    try:
        plan = _year_plan(ctx, year)
    except RadioError as err:
        plan, problems = None, [ctx.problem(err)]
    alerts = [
        ctx._("{month} starts in {days} days and has no approved programme.").format(
            month=f"{status.month.month:02d}/{year}", days=days
        )
        for status, days in starting_unapproved(months, ctx.now, settings.network.timezone)
    ]
    never, quiet = quiet_stations(ctx.studio.engine, settings.network, ctx.now, timedelta(days=7),
                                  fleet_health(ctx))
    if quiet:
        alerts.append(ctx._("{count} station(s) have not synced for more than 7 days.").format(count=quiet))
    if never:
        alerts.append(ctx._("{count} station(s) have never synced.").format(count=never))
    return ctx.render(
        "year.html",
        year=year,
        months=months,
        plan=plan,
        alerts=alerts,
        problems=problems,
        areas=areas.areas if areas else (),
        titles={a.id: a.title for a in areas.areas} if areas else {},
    )
