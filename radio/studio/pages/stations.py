"""Đài: every station's health."""

from __future__ import annotations

from starlette.responses import Response

from radio.lifecycle.stations import ONLINE_WITHIN, station_overview
from radio.store import publications as store
from radio.store.db import transaction
from radio.studio.app import Ctx

# ---------------------------------------------------------------- Đài


def stations_page(ctx: Ctx) -> Response:
    rows = station_overview(ctx.studio.engine, ctx.settings.network, ctx.now)
    with transaction(ctx.studio.engine) as session:
        newest = store.latest_release(session)
    return ctx.render(
        "stations.html",
        rows=rows,
        newest=newest,
        online=sum(r.online for r in rows),
        holding=sum(r.release_current for r in rows),
        online_minutes=int(ONLINE_WITHIN.total_seconds() // 60),
    )
