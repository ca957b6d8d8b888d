"""Báo cáo: the period's report and its files."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse, Response

from radio.core.errors import RadioError
from radio.report import FORMATS, make_report, period_months, policy_for, render, render_workbook, story_of
from radio.report.figures import Report
from radio.report.narrative import month_summary
from radio.store import changes as store
from radio.store.approvals import latest_approval
from radio.store.db import transaction
from radio.studio.app import Ctx
from radio.studio.pages.common import _built, _episode

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# ---------------------------------------------------------------- Báo cáo


def _report(ctx: Ctx, period: str, fmt: str | None = None) -> Any:
    """The period's report (or one rendering of it), computed again only when the records changed
    or five minutes passed: a year of 1,000 stations takes seconds to figure."""
    settings = ctx.settings
    network = settings.network
    key = (period, fmt, _records_version(ctx), ctx.now.timestamp() // 300, settings.path.stat().st_mtime_ns)
    cache = ctx.studio.cache
    if key not in cache:
        if fmt == "xlsx":
            cache[key] = render_workbook(_report(ctx, period), settings.program)
        elif fmt is not None:
            cache[key] = render(_report(ctx, period), fmt, settings.program)
        else:
            policy = policy_for(
                settings.program, settings.audio, network.timezone, period, 7, timedelta(minutes=30)
            )
            as_of = ctx.now.astimezone(network.timezone)
            day = min(as_of, period_months(period)[1][-1].end(network.timezone)).date()  # names then
            cache[key] = make_report(
                ctx.studio.engine, period, [(s.id, s.label_on(day)) for s in network.stations], policy, as_of
            )
        for old in [k for k in cache if k[0] == period and k[1] == fmt and k != key]:
            del cache[old]
    return cache[key]


def _records_version(ctx: Ctx) -> tuple[Any, ...]:
    with transaction(ctx.studio.engine) as session:
        return store.records_version(session)


def reports_page(ctx: Ctx) -> Response:
    period = ctx.request.query_params.get("period") or str(
        ctx.now.astimezone(ctx.settings.network.timezone).year
    )
    try:
        period_months(period)
    except RadioError:
        raise HTTPException(404) from None
    report = _report(ctx, period)
    story = story_of(report, ctx.settings.program)
    return ctx.render(
        "reports.html", period=period, report=report, story=story, summary=_month_summary(ctx, report),
        formats=[*(f for f in FORMATS if f != "text"), "xlsx"],
    )


def _month_summary(ctx: Ctx, report: Report) -> str:
    """A month's paragraph to paste, with its approval (None for a year: the year's story is that)."""
    if report.kind != "month":
        return ""
    with transaction(ctx.studio.engine) as session:
        approval = latest_approval(session, report.period)
    zone = ctx.settings.network.timezone
    return month_summary(report, ctx.settings.program.name, ctx.person(approval.approved_by) if approval else "",
                         approval.approved_at.astimezone(zone) if approval else None)


def print_script(ctx: Ctx) -> Response:
    """The approved script for the paper file: the approval block (who, when, what was accepted
    by name), then every segment as written; an unapproved or changed build says so at the top."""
    month = ctx.month()
    built = _built(ctx, month)
    episode = _episode(ctx, month)
    if built is None or episode is None:
        raise HTTPException(404)
    with transaction(ctx.studio.engine) as session:
        approval = latest_approval(session, str(month))
    current = approval is not None and approval.script_sha256 == episode.script_sha256
    identity = ctx.settings.program.identity_of(month)
    return ctx.render("print.html", month=month, built=built, episode=episode, approval=approval,
                      current=current, centre=identity.centre, programme=ctx.settings.program.name)


def report_file(ctx: Ctx) -> Response:
    period, fmt = ctx.param("period"), ctx.param("fmt")
    if fmt not in FORMATS and fmt != "xlsx":
        raise HTTPException(404)
    try:
        period_months(period)
    except RadioError:
        raise HTTPException(404) from None
    attachment = {"Content-Disposition": f'attachment; filename="bao-cao-{period}.{fmt}"'}
    if fmt == "xlsx":
        return Response(_report(ctx, period, fmt), media_type=XLSX, headers=attachment)
    text = _report(ctx, period, fmt)
    types = {
        "html": "text/html",
        "csv": "text/csv",
        "json": "application/json",
        "md": "text/markdown",
        "text": "text/plain",
    }
    headers = {} if fmt == "html" else attachment
    return PlainTextResponse(text, media_type=f"{types[fmt]}; charset=utf-8", headers=headers)
