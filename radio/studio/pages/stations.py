"""Đài: every station's health, the public key, report tokens and each station's set-up sheet."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import Response

from radio.core.errors import RadioError
from radio.lifecycle.stations import (
    CLOCK_OFF_S,
    DISK_LOW_BYTES,
    ONLINE_WITHIN,
    Trouble,
    public_key_line,
    rotate_token,
    setup_sheet,
    station_overview,
)
from radio.store import publications as store
from radio.store.db import transaction
from radio.studio.app import Ctx
from radio.studio.auth import Can

# ---------------------------------------------------------------- Đài


def stations_page(ctx: Ctx) -> Response:
    rows = station_overview(ctx.studio.engine, ctx.settings.network, ctx.now)
    try:
        show = Trouble(ctx.request.query_params.get("show", ""))
    except ValueError:
        show = None
    with transaction(ctx.studio.engine) as session:
        newest = store.latest_release(session)
    return ctx.render(
        "stations.html",
        rows=[r for r in rows if r.has(show)] if show else rows,
        total=len(rows),
        show=show.value if show else "",
        troubles=[(t.value, n) for t, n in ((t, sum(r.has(t) for r in rows)) for t in Trouble)],
        newest=newest,
        online=sum(r.online for r in rows),
        holding=sum(r.release_current for r in rows),
        online_minutes=int(ONLINE_WITHIN.total_seconds() // 60),
        clock_limit=int(CLOCK_OFF_S),
        disk_low_mb=DISK_LOW_BYTES // (1024 * 1024),
        public_key=public_key_line(ctx.settings.network),
        admin=ctx.account is not None and ctx.account.can(Can.ADMIN),
    )


def station_sheet(ctx: Ctx) -> Response:
    """The set-up sheet to print, the token hidden (it is shown only when created or rotated)."""
    return _sheet(ctx, None)


def station_token(ctx: Ctx) -> Response:
    """Create or rotate the station's report token and show it once, on its set-up sheet."""
    station = _station_id(ctx)
    token = rotate_token(ctx.studio.engine, ctx.settings.network, station, ctx.now, ctx.who)
    return _sheet(ctx, token)


def _station_id(ctx: Ctx) -> str:
    try:
        return ctx.settings.network.station(ctx.param("station")).id
    except RadioError:
        raise HTTPException(404) from None


def _sheet(ctx: Ctx, token: str | None) -> Response:
    sheet = setup_sheet(ctx.studio.engine, ctx.settings.network, _station_id(ctx), ctx.now, token)
    response = ctx.render("station_sheet.html", sheet=sheet)
    response.headers["Cache-Control"] = "no-store"  # a token must not stay in a cache
    return response
