"""`radio station pull|status|run`: the commune station side (reads station.toml, not schedule.toml)."""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from pathlib import Path

import click

from radio.cli import _, language
from radio.core.errors import RadioError
from radio.core.i18n import N_, Text, translate
from radio.station.config import DEFAULT_STATION_CONFIG, StationConfig, load_station_config
from radio.station.lock import AgentLock
from radio.station.status import EXIT_HELP, LANGUAGES, describe, pull_exit, station_status
from radio.station.sync import Clock, StationStore, SyncResult, client_for, sync
from radio.station.telemetry import ClockFile, describe_health, send_status, status_now

_config_option = click.option(
    "--station-config", "station_config", type=click.Path(path_type=Path),
    default=DEFAULT_STATION_CONFIG, show_default=True,
    help="This station's settings: id, centre URL, pinned public key, token, storage.")


@click.group("station")
def station() -> None:
    """Commune station: fetch verified programmes from the centre and play them at slot times."""


_lang_option = click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                            callback=lambda _ctx, _param, value: value or language(),
                            help="Language of the status lines (vi: Vietnamese, en: English; "
                                 "default: radio --lang, else RADIO_LANG, else vi).")


@station.command("pull", epilog=EXIT_HELP)
@_config_option
@_lang_option
def pull(station_config: Path, lang: str) -> None:
    """One sync now: manifest, missing audio, queued play reports; prints what the station holds
    and, for each upcoming airing, whether its audio is held and verified."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    config = load_station_config(station_config)
    store = StationStore(config.storage_dir)
    client = client_for(config)
    now = _clock(config)
    result = sync(config, client, now, store)
    uploaded = store.reports.upload(client, config.reports_url, config.report_token) \
        if store.reports.pending() else None
    # Not to a centre that just failed to answer: its deadline would be waited out a second time.
    told = send_status(config, client, store, now, result.problems) if result.outcome != "unreachable" \
        else None
    status = station_status(config.station_id, store, store.holding(config.public_key), now(),
                            config.timezone)
    click.echo(translate(lang, N_("Station {station}: {summary}"), {"station": config.station_id,
                                                                    "summary": _summary(result, lang)}))
    click.echo("\n".join(describe(status, lang)))
    if told is not None and told.problem:
        click.echo(f"  ! {told.problem}")
    if uploaded is not None:
        click.echo(translate(lang, N_("Reports: {sent} sent, {duplicates} already at the centre, "
                                      "{pending} still queued{problem}"),
                             {"sent": uploaded.sent, "duplicates": uploaded.duplicates,
                              "pending": uploaded.pending,
                              "problem": f" ({uploaded.problem})" if uploaded.problem else ""}))
    sys.exit(pull_exit(result, status))


@station.command("status")
@_config_option
@_lang_option
def status(station_config: Path, lang: str) -> None:
    """What the station holds and will play next, its clock and disk, from its own files (no
    network); Vietnamese by default, local time only."""
    config = load_station_config(station_config)
    store = StationStore(config.storage_dir)
    now = _clock(config)()
    current = station_status(config.station_id, store, store.holding(config.public_key), now,
                             config.timezone)
    click.echo(translate(lang, N_("Station {station}"), {"station": config.station_id}))
    click.echo("\n".join(describe(current, lang)))
    measured = ClockFile(store).load()
    click.echo("\n".join(describe_health(status_now(config, store, now), config.timezone,
                                         measured[1] if measured else None, lang)))
    pending = len(store.reports.pending())
    if pending:
        click.echo(translate(lang, N_("{pending} play report(s) queued for the centre"),
                             {"pending": pending}))


@station.command("run")
@_config_option
def run(station_config: Path) -> None:
    """Run until stopped (Ctrl-C): sync every sync_interval_s, play each airing at its time."""
    from radio.station.daemon import StationDaemon  # APScheduler only for this command

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = load_station_config(station_config)
    if not config.play_command and config.output_device == "log":
        click.echo(_(N_('output_device = "log": airings are only logged, nothing goes on air.')), err=True)
    lock = AgentLock(config.storage_dir)
    try:
        lock.acquire()
    except OSError as err:  # the storage folder cannot be created or its lock file opened
        raise RadioError(N_("{file}: {problem}"), file=str(lock.path), problem=err.strerror) from None
    daemon = StationDaemon(config, client_for(config), _clock(config))
    try:
        daemon.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo(_(N_("Stopped.")), err=True)


def _clock(config: StationConfig) -> Clock:
    return lambda: datetime.now(config.timezone)


# The outcomes of a sync (radio.station.sync), as the catalog knows them.
_OUTCOMES = {"updated": N_("updated"), "unchanged": N_("unchanged"), "unreachable": N_("unreachable"),
             "refused": N_("refused")}


def _summary(result: SyncResult, lang: str) -> str:
    outcome = Text(_OUTCOMES.get(result.outcome, result.outcome))
    lines = [translate(lang, N_("{outcome}, {requests} request(s), {megabytes:.2f} MB received"),
                       {"outcome": outcome, "requests": result.requests,
                        "megabytes": result.bytes_received / 1e6})]
    if result.manifest is not None:
        lines.append(translate(lang, N_("Manifest sequence {sequence}: {items} item(s), {downloaded} "
                                        "file(s) downloaded and verified, {missing} still missing, "
                                        "{pruned} pruned"),
                               {"sequence": result.manifest.sequence, "items": len(result.manifest.items),
                                "downloaded": len(result.downloaded), "missing": len(result.missing),
                                "pruned": result.pruned}))
    for problem in result.problems:
        lines.append(f"  ! {problem}")
    if result.missing:
        lines.append(translate(lang, N_("Missing audio is fetched again (resuming) at the next pull or "
                                        "sync; until then the last verified set is kept and played.")))
    return "\n".join(lines)


COMMANDS: list[click.Command] = [station]


def _add_setup_commands() -> None:
    from radio.cli.station_setup import COMMANDS as SETUP

    for command in SETUP:
        station.add_command(command)


_add_setup_commands()
