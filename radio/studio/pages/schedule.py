"""Lịch phát: the month's airings and each station's slots."""

from __future__ import annotations

import calendar

from starlette.responses import Response

from radio.broadcast.schedule import schedule_month
from radio.core.errors import RadioError
from radio.lifecycle.months import airing_calendar
from radio.studio.app import Ctx
from radio.studio.files import set_slots
from radio.studio.pages.common import _episode, _this_month

# ---------------------------------------------------------------- Lịch phát


def schedule_page(ctx: Ctx) -> Response:
    month = ctx.month()
    settings = ctx.settings
    network = settings.network
    count, by_day = airing_calendar(ctx.studio.engine, network, month)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return ctx.render(
        "schedule.html",
        month=month,
        weeks=weeks,
        by_day=by_day,
        raw_slots=_raw_slots(ctx),
        stations=network.stations,
        count=count,
        episode=_episode(ctx, month),
    )


def _raw_slots(ctx: Ctx) -> dict[str, list[str]]:
    """Each station's `slots` as written in schedule.toml (the parsed settings expand them by day)."""
    import tomllib

    path = ctx.settings.path
    key = ("slots", path.stat().st_mtime_ns)
    if key not in ctx.studio.cache:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        ctx.studio.cache[key] = {
            str(s.get("id")): [str(x) for x in s.get("slots", [])] for s in raw.get("stations", [])
        }
    return ctx.studio.cache[key]


def schedule_run(ctx: Ctx) -> Response:
    month = ctx.month()
    try:
        result = schedule_month(ctx.studio.engine, ctx.settings, month, ctx.now)
    except RadioError as err:
        return ctx.redirect(f"/schedule/{month}", ctx._("Not scheduled:") + " " + ctx.problem(err))
    ctx.audit("schedule", str(month), f"{len(result.airings)} airings")
    return ctx.redirect(
        f"/schedule/{month}", ctx._("{count} airings stored.").format(count=len(result.airings))
    )


def slots_save(ctx: Ctx) -> Response:
    station, month = ctx.one("station"), ctx.one("month") or str(_this_month(ctx))
    slots = [line.strip() for line in ctx.one("slots").splitlines() if line.strip()]
    try:
        set_slots(ctx.settings.path, station, slots)
    except RadioError as err:
        return ctx.redirect(f"/schedule/{month}", ctx._("The slots were not saved:") + " " + ctx.problem(err))
    ctx.audit("slots", station, "; ".join(slots))
    return ctx.redirect(f"/schedule/{month}", ctx._("Slots saved. Schedule the month again to apply them."))
