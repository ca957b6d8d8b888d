"""`radio station pull|run`: the commune station side (reads station.toml, not schedule.toml)."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import click
import requests

from radio.station.config import DEFAULT_STATION_CONFIG, StationConfig, load_station_config
from radio.station.daemon import StationDaemon
from radio.station.player import cues, upcoming
from radio.station.sync import StationStore, SyncResult, sync

_config_option = click.option(
    "--station-config", "station_config", type=click.Path(path_type=Path),
    default=DEFAULT_STATION_CONFIG, show_default=True,
    help="This station's settings: id, centre URL, pinned public key, token, storage.")


@click.group("station")
def station() -> None:
    """Commune station: fetch verified programmes from the centre and play them at slot times."""


@station.command("pull")
@_config_option
def pull(station_config: Path) -> None:
    """One sync now: manifest, missing audio, queued play reports; prints what the station holds."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    config = load_station_config(station_config)
    store = StationStore(config.storage_dir)
    with requests.Session() as session:
        result = sync(config, session, lambda: datetime.now(config.timezone), store)
        uploaded = store.reports.upload(session, config.reports_url, config.report_token,
                                        config.timeout_s) if store.reports.pending() else None
    click.echo(_summary(config, result))
    if uploaded is not None:
        click.echo(f"Reports: {uploaded.sent} sent, {uploaded.duplicates} already at the centre, "
                   f"{uploaded.pending} still queued"
                   + (f" ({uploaded.problem})" if uploaded.problem else ""))


@station.command("run")
@_config_option
def run(station_config: Path) -> None:
    """Run until stopped (Ctrl-C): sync every sync_interval_s, play each airing at its time."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = load_station_config(station_config)
    if not config.play_command:
        click.echo("play_command is empty: airings are only logged, nothing goes on air.", err=True)
    with requests.Session() as session:
        daemon = StationDaemon(config, session, lambda: datetime.now(config.timezone))
        try:
            daemon.start()
        except (KeyboardInterrupt, SystemExit):
            click.echo("Stopped.", err=True)


def _summary(config: StationConfig, result: SyncResult) -> str:
    lines = [f"Station {config.station_id}: {result.outcome}, {result.requests} request(s), "
             f"{result.bytes_received / 1e6:.2f} MB received"]
    if result.manifest is None:
        lines.append("No verified manifest yet: nothing can be scheduled. Check centre and public_key.")
    else:
        manifest = result.manifest
        lines.append(f"Manifest sequence {manifest.sequence}: {len(manifest.items)} item(s), "
                     f"{len(result.downloaded)} file(s) downloaded and verified, "
                     f"{len(result.missing)} still missing, {result.pruned} pruned")
        now = datetime.now(config.timezone)
        ahead = upcoming(cues(manifest), now)
        if ahead:
            first = ahead[0]
            lines.append(f"Next airing: {first.at.astimezone(config.timezone):%Y-%m-%d %H:%M} "
                         f"{first.item.title} ({len(ahead)} ahead)")
    for problem in result.problems:
        lines.append(f"  ! {problem}")
    if result.missing:
        lines.append("Missing audio is fetched again (resuming) at the next pull or sync.")
    return "\n".join(lines)


COMMANDS: list[click.Command] = [station]
