"""Lịch phát: the month's airings and each station's slots."""

from __future__ import annotations

import calendar

from starlette.responses import Response

from radio.broadcast.schedule import schedule_month
from radio.broadcast.slots import SlotLine, parse_slot_line, slot_line, slots_label
from radio.core import i18n
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
    raw = _raw_slots(ctx)
    ids = [s.id for s in network.stations]
    editing = ctx.request.query_params.get("station", "")
    editing = editing if editing in ids else (ids[0] if ids else "")
    return ctx.render(
        "schedule.html",
        month=month,
        weeks=weeks,
        by_day=by_day,
        slot_labels={s: slots_label(lines, ctx.language, " · ") for s, lines in raw.items()},
        editing=editing,
        editing_lines=_lines(raw.get(editing, [])),
        weekdays=list(enumerate(i18n.WEEKDAYS[ctx.language])),
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


def _lines(texts: list[str]) -> list[SlotLine]:
    """A station's slot lines for the form (the settings were loaded, so each line parses)."""
    lines = []
    for text in texts:
        try:
            lines.append(parse_slot_line(text))
        except RadioError:  # the file is being edited by hand: the form starts from what parses
            continue
    return lines


def schedule_run(ctx: Ctx) -> Response:
    month = ctx.month()
    try:
        result = schedule_month(ctx.studio.engine, ctx.settings, month, ctx.now)
    except RadioError as err:
        return ctx.redirect(f"/schedule/{month}", ctx._("Not scheduled:") + " " + ctx.problem(err), "problem")
    ctx.audit("schedule", str(month), f"{len(result.airings)} airings")  # shown in words by the audit page
    return ctx.redirect(
        f"/schedule/{month}", ctx._("{count} airings stored.").format(count=len(result.airings))
    )


def slots_save(ctx: Ctx) -> Response:
    """The slot rows of the form: weekday checkboxes `days-N` and a time `time-N` per row; a row with
    neither is left out (the empty row for a new slot), one with only half is refused."""
    station, month = ctx.one("station"), ctx.one("month") or str(_this_month(ctx))
    back = f"/schedule/{month}?station={station}#slots-form"
    rows = sorted({int(key.split("-", 1)[1]) for key in ctx.form
                   if key.startswith(("days-", "time-")) and key.split("-", 1)[1].isdigit()})
    try:
        lines = [slot_line(ctx.form.get(f"days-{row}", []), ctx.one(f"time-{row}"), number)
                 for number, row in enumerate(rows, 1)
                 if ctx.form.get(f"days-{row}") or ctx.one(f"time-{row}")]
        set_slots(ctx.settings.path, station, [line.toml() for line in lines])
    except RadioError as err:
        return ctx.redirect(back, ctx._("The slots were not saved:") + " " + ctx.problem(err), "problem")
    ctx.audit("slots", station, "; ".join(line.toml() for line in lines))
    return ctx.redirect(back, ctx._("Slots saved. Schedule the month again to apply them."))
