"""Centre-side commands: approve, schedule, publish, emergency, recall, keygen, token, serve."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import Engine

from radio.broadcast.schedule import schedule_month
from radio.cli import _, language, settings_from
from radio.cli.params import MONTH
from radio.cli.progress import ConsoleReporter
from radio.config import Settings
from radio.core.errors import ExitCode, exit_codes_help
from radio.core.i18n import N_, weekday
from radio.core.month import Month
from radio.core.progress import Recovered
from radio.lifecycle import review
from radio.lifecycle.emergency import recall_emergency, send_emergency, signing_key
from radio.protocol import minisign
from radio.protocol.kinds import Priority
from radio.publish.publisher import publish as publish_release
from radio.publish.publisher import unit_files
from radio.store.db import database_url, open_engine

PUBLISH_EXITS = exit_codes_help(ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE, ExitCode.SETTINGS,
                                ExitCode.NOT_READY, ExitCode.DATABASE, ExitCode.FILES, ExitCode.KEY,
                                ExitCode.INTERRUPTED)


def _now() -> datetime:
    return datetime.now(UTC)


def _engine(settings: Settings) -> Engine:
    return open_engine(database_url(settings.root))


def _settled_engine(settings: Settings) -> Engine:
    """The database, after any half-finished build is finished or undone as the next build would:
    the commands that read months (approve, schedule, publish, emergency) never act on a record
    that names other audio than episode.mp3."""
    from radio.pipeline.journal import settle

    engine = _engine(settings)
    reporter = ConsoleReporter()
    for notice in settle(settings.program.episodes_dir, engine):
        reporter.emit(Recovered(notice))
    return engine


@click.command()
@click.argument("month", type=MONTH)
@click.option("--by", "by", required=True, help="Name of the person approving (or returning) the script.")
@click.option("--return", "reason", metavar="REASON", default=None,
              help="Return MONTH to its editor with REASON (what to change) instead of approving it.")
@click.option("--accept", "accept", multiple=True, metavar="FACT",
              help="Accept by name a fact the programme speaks unconfirmed or out of date (see the "
                   "top of script.md); repeat for each.")
@click.pass_context
def approve(ctx: click.Context, month: Month, by: str, reason: str | None, accept: tuple[str, ...]) -> None:
    """Record that NAME approved MONTH's script as built (by its hash), or returned it with a reason.

    Refused while the programme speaks an unconfirmed or out-of-date fact not accepted by name."""
    settings = settings_from(ctx)
    engine = _settled_engine(settings)
    if reason is not None:
        review.return_programme(engine, str(month), by, reason, _now())
        click.echo(_(N_("{month} returned to its editor by {name}: “{reason}”. Next: {command}"),
                     month=month, name=by, reason=reason.strip(), command=f"radio build {month}"))
        return
    approval = review.approve(engine, str(month), by, _now(), accept=accept)
    click.echo(_(N_("{month} approved by {by} at {at} ({digest}…: {covered}). "
                    "Next: radio schedule {month}"),
                 month=month, by=approval.approved_by,
                 at=f"{approval.approved_at.astimezone(settings.network.timezone):%d/%m/%Y %H:%M}",
                 digest=approval.script_sha256[:12], covered=covered(approval.inputs)))
    if approval.accepted:
        click.echo(_(N_("Accepted by name, though not confirmed: {facts}"),
                     facts=", ".join(approval.accepted)))


def covered(inputs: list[dict[str, str]]) -> str:
    """What an approval covers, counted: "12 segments' words as read, 1 recording, 2 jingles, …"."""
    counts = Counter(i["kind"] for i in inputs)
    if not counts:
        return _(N_("the script"))
    names = (("text", N_("{count} segment(s) as read")), ("recording", N_("{count} recording(s)")),
             ("jingle", N_("{count} jingle(s)")), ("voice", N_("{count} voice(s)")))
    return ", ".join(_(noun, count=counts[kind]) for kind, noun in names if counts[kind])


@click.command()
@click.argument("month", type=MONTH)
@click.pass_context
def schedule(ctx: click.Context, month: Month) -> None:
    """Compute every station's airings of MONTH, store them, print them, write iCalendar files."""
    settings = settings_from(ctx)
    result = schedule_month(_settled_engine(settings), settings, month, _now())
    for plan in result.plans:
        zone = plan.station.timezone  # the station's wall clock, as its operator reads it
        times = "  ".join(f"{weekday(a.starts_at.astimezone(zone), language(), short=True)} "
                          f"{a.starts_at.astimezone(zone):%d/%m %H:%M}" for a in plan.airings)
        short = "" if len(plan.airings) == plan.wanted else _(
            N_("  (only {count} of {wanted} slots)"), count=len(plan.airings), wanted=plan.wanted)
        name = plan.station.label_on(month.start(settings.network.timezone).date())
        click.echo(f"{plan.station.id}  {name:<42} {times}{short}")
    click.echo(_(N_("{airings} airings on {stations} stations stored; calendars in {folder}. "
                    "Next: radio publish {month}"), airings=len(result.airings),
                 stations=len(result.plans), folder=result.calendar_dir, month=month))


@click.command(epilog=PUBLISH_EXITS)
@click.argument("month", type=MONTH)
@click.pass_context
def publish(ctx: click.Context, month: Month) -> None:
    """Publish MONTH (approved and scheduled): signed manifests, audio, calendars, feed."""
    settings = settings_from(ctx)
    result = publish_release(_settled_engine(settings), settings, signing_key(settings.network), _now(),
                             month, report=ConsoleReporter())
    _published(settings, result.sequence, result.manifests, result.items)
    for item, unit, stations, sha256 in unit_files(result.deliveries):
        click.echo(_(N_("  {month}, unit {unit}: {stations} → audio/{file}"), month=item, unit=unit,
                     stations=", ".join(stations), file=f"{sha256}.mp3"))


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
    sent = send_emergency(_settled_engine(settings), settings, title, stations, _now(), audio=audio,
                          hours=hours, priority=Priority(priority), report=ConsoleReporter())
    click.echo(_(N_("{item} for {count} station(s), valid until {until}."), item=sent.item.id,
                 count=len(stations),
                 until=f"{sent.item.valid_to.astimezone(settings.network.timezone):%d/%m %H:%M}"))
    _published(settings, sent.release.sequence, sent.release.manifests, sent.release.items)


@click.command(epilog=PUBLISH_EXITS)
@click.argument("item")
@click.option("--by", "by", default=None, help="Who recalls it, for the audit log (default: the system user).")
@click.pass_context
def recall(ctx: click.Context, item: str, by: str | None) -> None:
    """Recall the emergency ITEM (its id, as `radio emergency` printed it): a new release without it."""
    import getpass

    settings = settings_from(ctx)
    done = recall_emergency(_settled_engine(settings), settings, item, _now(), by=by or getpass.getuser(),
                            report=ConsoleReporter())
    click.echo(_(N_("{item} ({title}) recalled: stations drop it at their next sync."), item=item,
                 title=done.item.title))
    _published(settings, done.release.sequence, done.release.manifests, done.release.items)


@click.command()
@click.option("--encrypt", is_flag=True,
              help="Protect the secret key with a password (then publishing needs RADIO_SIGNING_PASSWORD).")
@click.option("--force", is_flag=True, help="Replace an existing key (every station must re-pin).")
@click.pass_context
def keygen(ctx: click.Context, encrypt: bool, force: bool) -> None:
    """Create the Ed25519 signing key pair (minisign format)."""
    network = settings_from(ctx).network
    password = (click.prompt(_(N_("Password")), hide_input=True, confirmation_prompt=True)
                if encrypt else None)
    public = minisign.write_keypair(network.secret_key, network.public_key, password, force=force)
    click.echo(_(N_("Secret key: {path} (mode 0600; back it up offline, never copy it to a "
                    "station)"), path=network.secret_key))
    click.echo(_(N_("Public key: {path} — give this line to every station to pin:"),
                 path=network.public_key) + f"\n{public.base64}")


@click.command()
@click.argument("station_id")
@click.pass_context
def token(ctx: click.Context, station_id: str) -> None:
    """Create or rotate STATION_ID's report token; it is shown once and stored only hashed."""
    from radio.lifecycle.stations import display_name
    from radio.server.reports import issue_token

    settings = settings_from(ctx)
    station = settings.network.station(station_id)
    now = _now()
    value = issue_token(_engine(settings), station.id, now)
    click.echo(_(N_("Token for {station} ({name}); put it in the station's settings, it is not "
                    "shown again (any previous token stops working):"),
                 station=station.id, name=display_name(station, now)) + f"\n{value}")


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=8080, show_default=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the publish tree and accept play reports at /api/reports."""
    from radio.server.http import make_server

    settings = settings_from(ctx)
    server = make_server(host, port, settings.network.publish_dir, _engine(settings), _now)
    click.echo(_(N_("Serving {folder} on http://{host}:{port}/ (reports: POST /api/reports); "
                    "Ctrl+C stops."), folder=settings.network.publish_dir / "current", host=host,
                 port=port), err=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()




def _published(settings: Settings, sequence: int, manifests: int, items: tuple[str, ...]) -> None:
    click.echo(_(N_("Release {sequence}: {manifests} signed manifests, items {items}; serving folder "
                    "{folder}"), sequence=sequence, manifests=manifests,
                 items=", ".join(items) or _(N_("none")),
                 folder=settings.network.publish_dir / "current"))


COMMANDS: list[click.Command] = [approve, schedule, publish, emergency, recall, keygen, token, serve]
