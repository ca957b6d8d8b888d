"""`radio status MONTH`: the month's state (as the Studio shows it) and what to do next."""

from __future__ import annotations

from datetime import tzinfo

import click

from radio.cli import language, settings_from
from radio.cli.params import MONTH
from radio.core import i18n
from radio.core.month import Month
from radio.lifecycle.months import STATE_LABELS, MonthState, MonthStatus, month_status, next_step
from radio.store.db import database_url, open_engine


@click.command("status")
@click.argument("month", type=MONTH)
@click.pass_context
def status(ctx: click.Context, month: Month) -> None:
    """MONTH's state (no input, draft, built, waiting, returned, approved, scheduled, published, aired)
    and the next step."""
    settings = settings_from(ctx)
    engine = open_engine(database_url(settings.root))
    state = month_status(engine, settings.program.episodes_dir, settings.network, month)
    click.echo("\n".join(lines(state, language(), settings.network.timezone)))


def lines(status: MonthStatus, language: str, tz: tzinfo) -> list[str]:
    """What `radio status` prints, in `language`; times in the network's zone."""

    def _(message: str) -> str:
        return i18n.gettext(language, message)

    month = f"{status.month.month:02d}/{status.month.year}"
    out = [_("Month {month}: {state}").format(month=month, state=_(STATE_LABELS[status.state]))]
    if status.built_at is not None and status.duration_s is not None:
        out.append(_("Built {when}, {length} long").format(
            when=i18n.moment_text(status.built_at, tz, language), length=i18n.clock_text(status.duration_s)))
    if status.approved_by and status.approved_at is not None:
        out.append(_("Approved by {name} on {when}").format(
            name=status.approved_by, when=i18n.moment_text(status.approved_at, tz, language)))
    if status.state is MonthState.RETURNED:
        out.append(_("Returned by {name}: “{reason}”").format(name=status.reviewed_by,
                                                              reason=status.review_comment))
    if status.state is MonthState.WAITING and status.reviewed_by:
        out.append(_("Sent for approval by {name}").format(name=status.reviewed_by))
    if status.airings:
        out.append(_("{airings} airings scheduled; aired on {n} of {m} stations").format(
            airings=status.airings, n=status.stations_aired, m=status.stations))
    message, command = next_step(status)
    step = _(message).format(month=status.month)
    out.append(_("Next: {step}").format(step=f"{step} {command}".strip()))
    return out


COMMANDS: list[click.Command] = [status]
