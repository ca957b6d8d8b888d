"""Năm: the year's months, their state and the alerts."""

from __future__ import annotations

from datetime import timedelta

from starlette.exceptions import HTTPException
from starlette.responses import Response

from radio.core.errors import RadioError
from radio.core.month import Month
from radio.lifecycle.months import starting_unapproved, year_status
from radio.lifecycle.stations import quiet_stations
from radio.pipeline.context import build_planning
from radio.studio.app import Ctx
from radio.studio.pages.common import _plan
from radio.studio.pages.notifications import fleet_health

# ---------------------------------------------------------------- Năm


def year_page(ctx: Ctx) -> Response:
    try:
        year = int(ctx.param("year"))
    except ValueError:
        raise HTTPException(404) from None
    if not 2000 <= year <= 2100:
        raise HTTPException(404)
    settings = ctx.settings
    months = year_status(ctx.studio.engine, settings.program.episodes_dir, settings.network, year)
    problems: list[str] = []
    areas = _plan(ctx, year)
    try:
        plan = build_planning(settings, Month(year, 1), save=False).year_plan
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
