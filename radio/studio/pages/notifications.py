"""Thông báo: what waits on the signed-in user, as a badge on every page and as a list."""

from __future__ import annotations

from starlette.responses import Response

from radio.lifecycle.notifications import Notice, network_health, programme_notices, station_notices
from radio.lifecycle.stations import ONLINE_WITHIN, StationHealth
from radio.store.changes import stations_version
from radio.store.db import transaction
from radio.studio.app import Ctx
from radio.studio.auth import Can

_FLEET = "fleet-health"  # the Studio cache's key: (version, [StationHealth])


def notices(ctx: Ctx) -> list[Notice]:
    """The signed-in user's notices, figured once per request (the badge and the list share them)."""
    if ctx.account is None:
        return []
    cached = ctx.notices
    if cached is None:
        account = ctx.account
        cached = programme_notices(ctx.studio.engine, account.name, account.can(Can.APPROVE),
                                   account.can(Can.EDIT), ctx.now)
        if account.can(Can.ADMIN):
            cached += _station_notices(ctx)
        ctx.notices = cached
    return cached


def _station_notices(ctx: Ctx) -> list[Notice]:
    return station_notices(fleet_health(ctx))


def fleet_health(ctx: Ctx) -> list[StationHealth]:
    """The network's station health, figured again only when a station reported, a release was
    made, the settings changed or a minute passed (offline is a matter of time): for 1,000
    stations it costs ~100 ms, too much for the badge on every page."""
    settings = ctx.settings
    with transaction(ctx.studio.engine) as session:
        version = (stations_version(session), int(ctx.now.timestamp()) // 60, settings.path.stat().st_mtime_ns)
    held = ctx.studio.cache.get((_FLEET,))
    if held is None or held[0] != version:
        stations = [s.id for s in settings.network.stations]
        held = (version, network_health(ctx.studio.engine, stations, ctx.now))
        ctx.studio.cache[(_FLEET,)] = held
    found: list[StationHealth] = held[1]
    return found


def notifications_page(ctx: Ctx) -> Response:
    names = {s.id: s.name for s in ctx.settings.network.stations}
    return ctx.render("notifications.html", items=notices(ctx), station_names=names,
                      offline_minutes=int(ONLINE_WITHIN.total_seconds() // 60))
