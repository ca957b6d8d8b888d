"""`radio stations`: the centre's view of every commune station from the status each sends after a sync."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click

from radio.cli import settings_from
from radio.lifecycle.stations import StationHealth, fleet
from radio.store.db import database_url, open_engine, transaction


@click.command("stations")
@click.pass_context
def stations(ctx: click.Context) -> None:
    """Stations online/offline (last seen), behind, missing the next airing, clock off, disk low."""
    settings = settings_from(ctx)
    engine = open_engine(database_url(settings.root))
    names = {station.id: station.name for station in settings.network.stations}
    with transaction(engine) as session:
        rows = fleet(session, datetime.now(UTC), names)
    click.echo("\n".join(table(rows, names, settings.network.timezone)))


def table(rows: list[StationHealth], names: dict[str, str], zone: ZoneInfo) -> list[str]:
    """The lines printed; times are local to the network (never UTC)."""
    lines = [f"{'station':<10} {'name':<24} {'state':<8} {'last seen':<12} {'release':>7} "
             f"{'next airing':<12} {'clock':>7} {'free disk':>9}  problems"]
    for row in rows:
        seen = f"{row.last_seen.astimezone(zone):%d/%m %H:%M}" if row.last_seen else "never"
        nxt = f"{row.next_airing.astimezone(zone):%d/%m %H:%M}" if row.next_airing else "-"
        clock = f"{row.clock_offset_s:+.0f} s" if row.clock_offset_s is not None else "-"
        disk = f"{row.free_disk_bytes / 1e9:.1f} GB" if row.free_disk_bytes is not None else "-"
        release = str(row.held_sequence) if row.held_sequence is not None else "-"
        flags = ", ".join(row.flags[1:] if not row.online else row.flags) or "ok"
        lines.append(f"{row.station_id:<10} {names.get(row.station_id, '?')[:24]:<24} "
                     f"{'online' if row.online else 'OFFLINE':<8} {seen:<12} {release:>7} {nxt:<12} "
                     f"{clock:>7} {disk:>9}  {flags}")
    bad = sum(not row.ok for row in rows)
    lines.append(f"{len(rows)} station(s), {len(rows) - bad} fine, {bad} need attention "
                 f"(times {zone.key})")
    return lines


COMMANDS: list[click.Command] = [stations]
