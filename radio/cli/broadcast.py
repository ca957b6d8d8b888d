"""Centre-side commands: approve, schedule, publish, emergency, keygen, token, serve."""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import Engine

from radio.broadcast.schedule import schedule_month
from radio.cli import settings_from
from radio.config import Settings
from radio.core.errors import ExitCode, RadioError, SigningKeyError, exit_codes_help
from radio.core.i18n import environment_language
from radio.core.month import Month
from radio.protocol import minisign
from radio.protocol.kinds import Priority
from radio.publish.approval import approve as record_approval
from radio.publish.publisher import add_emergency
from radio.publish.publisher import publish as publish_release
from radio.store.db import database_url, open_engine, transaction
from radio.store.episodes import built_episode

PASSWORD_ENV = "RADIO_SIGNING_PASSWORD"
PUBLISH_EXITS = exit_codes_help(ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE, ExitCode.SETTINGS,
                                ExitCode.NOT_READY, ExitCode.DATABASE, ExitCode.FILES, ExitCode.KEY,
                                ExitCode.INTERRUPTED)


def _now() -> datetime:
    return datetime.now(UTC)


def _engine(settings: Settings) -> Engine:
    return open_engine(database_url(settings.root))


@click.command()
@click.argument("month", type=Month.parse)
@click.option("--by", "by", required=True, help="Name of the person approving the script.")
@click.option("--accept", "accept", multiple=True, metavar="FACT",
              help="Accept by name a fact the programme speaks unconfirmed or out of date (see the "
                   "top of script.md); repeat for each.")
@click.pass_context
def approve(ctx: click.Context, month: Month, by: str, accept: tuple[str, ...]) -> None:
    """Record that NAME approved MONTH's script as built (by its hash).

    Refused while the programme speaks an unconfirmed or out-of-date fact not accepted by name."""
    settings = settings_from(ctx)
    engine = _engine(settings)
    with transaction(engine) as session:
        episode = built_episode(session, str(month))
    approval = record_approval(engine, str(month), episode.script_sha256, by, _now(), accept,
                               environment_language())
    click.echo(f"{month} approved by {approval.approved_by} at "
               f"{approval.approved_at.astimezone(settings.network.timezone):%d/%m/%Y %H:%M} "
               f"({approval.script_sha256[:12]}…: {covered(approval.inputs)}"
               + (f"; accepted: {', '.join(approval.accepted)}" if approval.accepted else "") + "). "
               f"Next: radio schedule {month}")


def covered(inputs: list[dict[str, str]]) -> str:
    """What an approval covers, counted: "12 segments' words as read, 1 recording, 2 jingles, …"."""
    counts = Counter(i["kind"] for i in inputs)
    if not counts:
        return "the script"
    names = (("text", "segment(s) as read"), ("recording", "recording(s)"), ("jingle", "jingle(s)"),
             ("voice", "voice(s)"))
    return ", ".join(f"{counts[kind]} {noun}" for kind, noun in names if counts[kind])


@click.command()
@click.argument("month", type=Month.parse)
@click.pass_context
def schedule(ctx: click.Context, month: Month) -> None:
    """Compute every station's airings of MONTH, store them, print them, write iCalendar files."""
    settings = settings_from(ctx)
    result = schedule_month(_engine(settings), settings, month, _now())
    for plan in result.plans:
        zone = plan.station.timezone  # the station's wall clock, as its operator reads it
        times = "  ".join(f"{a.starts_at.astimezone(zone):%a %d/%m %H:%M}" for a in plan.airings)
        short = "" if len(plan.airings) == plan.wanted else f"  (only {len(plan.airings)} of {plan.wanted} slots)"
        name = plan.station.label_on(month.start(settings.network.timezone).date())
        click.echo(f"{plan.station.id}  {name:<42} {times}{short}")
    click.echo(f"{len(result.airings)} airings on {len(result.plans)} stations stored; calendars in "
               f"{result.calendar_dir}. Next: radio publish {month}")


@click.command(epilog=PUBLISH_EXITS)
@click.argument("month", type=Month.parse)
@click.pass_context
def publish(ctx: click.Context, month: Month) -> None:
    """Publish MONTH (approved and scheduled): signed manifests, audio, calendars, feed."""
    settings = settings_from(ctx)
    result = publish_release(_engine(settings), settings, _secret_key(settings), _now(), month,
                             say=_notice)
    _published(settings, result.sequence, result.manifests, result.items)


@click.command(epilog=PUBLISH_EXITS)
@click.argument("audio", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", required=True, help="What the announcement is about.")
@click.option("--to", "targets", default="all", show_default=True,
              help="Comma-separated station ids or group names from schedule.toml, or all.")
@click.option("--hours", default=24.0, show_default=True, help="How long the item stays valid.")
@click.option("--priority", type=click.Choice(["emergency", "priority"]), default="emergency",
              show_default=True, help="emergency: played as soon as verified; priority: at the next slot first.")
@click.pass_context
def emergency(ctx: click.Context, audio: Path, title: str, targets: str, hours: float, priority: str) -> None:
    """Publish an urgent MP3 announcement now to all or some stations."""
    settings = settings_from(ctx)
    stations = settings.network.select([t.strip() for t in targets.split(",") if t.strip()])
    engine = _engine(settings)
    key = _secret_key(settings)  # before recording anything: a missing key must not leave a stray item
    now = _now()
    item = add_emergency(engine, settings, audio, title, stations, now, hours, Priority(priority))
    result = publish_release(engine, settings, key, now, say=_notice)
    click.echo(f"{item.id} for {len(stations)} station(s), valid until "
               f"{item.valid_to.astimezone(settings.network.timezone):%d/%m %H:%M}.")
    _published(settings, result.sequence, result.manifests, result.items)


@click.command()
@click.option("--encrypt", is_flag=True,
              help="Protect the secret key with a password (then publishing needs RADIO_SIGNING_PASSWORD).")
@click.option("--force", is_flag=True, help="Replace an existing key (every station must re-pin).")
@click.pass_context
def keygen(ctx: click.Context, encrypt: bool, force: bool) -> None:
    """Create the Ed25519 signing key pair (minisign format)."""
    network = settings_from(ctx).network
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True) if encrypt else None
    public = minisign.write_keypair(network.secret_key, network.public_key, password, force=force)
    click.echo(f"Secret key: {network.secret_key} (mode 0600; back it up offline, never copy it to a station)")
    click.echo(f"Public key: {network.public_key} — give this line to every station to pin:\n{public.base64}")


@click.command()
@click.argument("station_id")
@click.pass_context
def token(ctx: click.Context, station_id: str) -> None:
    """Create or rotate STATION_ID's report token; it is shown once and stored only hashed."""
    from radio.server.reports import issue_token

    settings = settings_from(ctx)
    station = settings.network.station(station_id)
    value = issue_token(_engine(settings), station.id, _now())
    click.echo(f"Token for {station.id} ({station.name}); put it in the station's settings, "
               f"it is not shown again (any previous token stops working):\n{value}")


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=8080, show_default=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the publish tree and accept play reports at /api/reports."""
    from radio.server.http import make_server

    settings = settings_from(ctx)
    server = make_server(host, port, settings.network.publish_dir, _engine(settings), _now)
    click.echo(f"Serving {settings.network.publish_dir / 'current'} on http://{host}:{port}/ "
               "(reports: POST /api/reports); Ctrl+C stops.", err=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def _notice(line: str) -> None:
    click.echo(line, err=True)


def _secret_key(settings: Settings) -> minisign.SecretKey:
    """The centre's signing key, or a SigningKeyError saying what to do (exit code KEY)."""
    path = settings.network.secret_key
    if not path.exists():
        # Not "run radio keygen": a new key silently cuts every station off until each re-pins.
        raise SigningKeyError(
            f"{path}: the secret signing key is missing; restore it from its offline backup (with "
            f"{settings.network.public_key}). Only if it is lost for good: `radio keygen`, then pin "
            "the new public key again at every station, which refuses every release until then")
    try:
        return minisign.load_secret_key(path, os.environ.get(PASSWORD_ENV))
    except RadioError as err:
        raise SigningKeyError(str(err)) from None


def _published(settings: Settings, sequence: int, manifests: int, items: tuple[str, ...]) -> None:
    click.echo(f"Release {sequence}: {manifests} signed manifests, items {', '.join(items) or 'none'}; "
               f"serving folder {settings.network.publish_dir / 'current'}")


COMMANDS: list[click.Command] = [approve, schedule, publish, emergency, keygen, token, serve]
