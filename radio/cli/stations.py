"""`radio stations`: the centre's view of every commune station from the status each sends after a sync."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click

from radio.cli import _, language, settings_from
from radio.core.i18n import N_, number
from radio.lifecycle.stations import StationHealth, display_name, fleet
from radio.store.db import database_url, open_engine, transaction


@click.command("stations")
@click.pass_context
def stations(ctx: click.Context) -> None:
    """Stations online/offline (last seen), behind, missing the next airing, clock off, disk low."""
    settings = settings_from(ctx)
    engine = open_engine(database_url(settings.root))
    now = datetime.now(UTC)
    names = {station.id: display_name(station, now) for station in settings.network.stations}
    with transaction(engine) as session:
        rows = fleet(session, now, names)
    click.echo("\n".join(table(rows, names, settings.network.timezone)))


# The flags store.stations names (English words), marked for the catalogs
_FLAGS = (N_("offline"), N_("behind"), N_("missing next airing"), N_("clock off"), N_("disk low"))


def table(rows: list[StationHealth], names: dict[str, str], zone: ZoneInfo) -> list[str]:
    """The lines printed; times are local to the network (never UTC)."""
    heads = [_(N_("station")), _(N_("name")), _(N_("state")), _(N_("last seen")), _(N_("release")),
             _(N_("next airing")), _(N_("clock")), _(N_("free disk")), _(N_("version")), _(N_("problems"))]
    lines = ["{:<10} {:<24} {:<8} {:<12} {:>7} {:<12} {:>7} {:>9}  {:<9} {}".format(*heads)]
    for row in rows:
        seen = f"{row.last_seen.astimezone(zone):%d/%m %H:%M}" if row.last_seen else _(N_("never"))
        nxt = f"{row.next_airing.astimezone(zone):%d/%m %H:%M}" if row.next_airing else "-"
        clock = f"{row.clock_offset_s:+.0f} s" if row.clock_offset_s is not None else "-"
        disk = (f"{number(row.free_disk_bytes / 1e9, 1, language())} GB"
                if row.free_disk_bytes is not None else "-")
        release = str(row.held_sequence) if row.held_sequence is not None else "-"
        flags = ", ".join(_(flag) for flag in (row.flags[1:] if not row.online else row.flags))
        state = _(N_("online")) if row.online else _(N_("OFFLINE"))
        ok = _(N_("ok"))
        lines.append(f"{row.station_id:<10} {names.get(row.station_id, '?')[:24]:<24} "
                     f"{state:<8} {seen:<12} {release:>7} {nxt:<12} "
                     f"{clock:>7} {disk:>9}  {(row.agent_version or '-')[:9]:<9} {flags or ok}")
    bad = sum(not row.ok for row in rows)
    lines.append(_(N_("{count} station(s), {fine} fine, {bad} need attention (times {zone})"),
                   count=len(rows), fine=len(rows) - bad, bad=bad, zone=zone.key))
    return lines


COMMANDS: list[click.Command] = [stations]
