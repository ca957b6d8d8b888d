"""`radio report 2024` / `radio report 2024-05`: what was made, aired, where, on which topics."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from radio.cli import _, language, settings_from
from radio.cli.params import PERIOD
from radio.core.atomic import write_bytes_atomic, write_text_atomic
from radio.core.errors import RadioError
from radio.core.i18n import N_
from radio.report import FORMATS, make_report, period_months, policy_for, render, render_workbook
from radio.store.db import database_url, open_engine


@click.command("report")
@click.argument("period", type=PERIOD)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="text: terminal summary; md, html (one self-contained file), csv, json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (atomically) instead of standard output.")
@click.option("--xlsx", "workbook", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report's tables as an Excel workbook (.xlsx) here.")
@click.option("--stale-days", type=click.IntRange(min=1), default=7, show_default=True,
              help="Flag stations whose last sync is older than this many days.")
@click.option("--match-minutes", type=click.IntRange(min=1), default=30, show_default=True,
              help="A play report within this many minutes of a scheduled airing counts as that airing.")
@click.option("--as-of", "as_of_text", metavar="YYYY-MM-DD[THH:MM]",
              help="Report as things stood at this local time; a date alone means the end of that "
                   "day (default: now).")
@click.pass_context
def report(ctx: click.Context, period: str, fmt: str, output: Path | None, workbook: Path | None,
           stale_days: int,
           match_minutes: int, as_of_text: str | None) -> None:
    """Duration, topic and station coverage for a YEAR (2024) or a MONTH (2024-05)."""
    settings = settings_from(ctx)
    network = settings.network
    as_of = _as_of(as_of_text, network.timezone)
    policy = policy_for(settings.program, settings.audio, network.timezone, period, stale_days,
                        timedelta(minutes=match_minutes))
    engine = open_engine(database_url(settings.root))
    try:
        day = min(as_of, period_months(period)[1][-1].end(network.timezone)).date()
        figures = make_report(engine, period, [(s.id, s.label_on(day)) for s in network.stations],
                              policy, as_of)
    finally:
        engine.dispose()
    text = render(figures, fmt, settings.program, language())
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
    if workbook is not None:
        write_bytes_atomic(workbook, render_workbook(figures, settings.program))
    t = figures.totals
    summary = (_(N_("nothing recorded for this period yet")) if figures.empty else
               _(N_("{programmes} programme(s), {aired} airing(s) reported, {missed} missed, "
                    "{stations_aired}/{stations} station(s) aired, {covered}/{topics} topic areas, "
                    "{stale} station(s) not synced for > {days} days"),
                 programmes=t.programmes, aired=t.aired, missed=t.missed,
                 stations_aired=t.stations_aired, stations=t.stations, covered=t.topics_covered,
                 topics=t.topics_total, stale=t.stations_stale, days=stale_days))
    where = "".join(f" → {path}" for path in (output, workbook) if path)
    click.echo(_(N_("Report {period} ({format}){where}: {summary}."), period=figures.period,
                 format=fmt, where=where, summary=summary), err=True)


def _as_of(text: str | None, zone: ZoneInfo) -> datetime:
    if not text:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise RadioError(N_("--as-of {text!r}: give a local date or time such as 2024-11-25 or "
                            "2024-11-25T17:00"), text=text) from None
    if "T" not in text and " " not in text:  # "as of 25/11" includes that day's broadcasts
        moment += timedelta(days=1, seconds=-1)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


COMMANDS: list[click.Command] = [report]
