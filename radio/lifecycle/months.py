"""A month's state, computed from its input file, its build and the database, and what comes next.

One function (`months_status`) decides the state for the year page, the approval and publish lists
and `radio status`, read with a handful of grouped queries whatever the number of stations.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from radio.broadcast.stations import Network
from radio.content.episode import input_path
from radio.core.i18n import N_
from radio.core.month import Month
from radio.lifecycle.review import ReviewState
from radio.store import airings, approvals, episodes, plays, publications, reviews
from radio.store.db import transaction

SOON = timedelta(days=21)  # a month this close with nothing approved is an alert on the year page


class MonthState(StrEnum):
    NO_INPUT = "no input"
    DRAFT = "draft"  # input newer than the build, or never built
    BUILT = "built"
    WAITING = "waiting for approval"
    RETURNED = "returned"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    AIRED = "aired"  # published and reported played by at least one station (N of M)


STATE_LABELS = {
    MonthState.NO_INPUT: N_("No input"),
    MonthState.DRAFT: N_("Draft"),
    MonthState.BUILT: N_("Built"),
    MonthState.WAITING: N_("Waiting for approval"),
    MonthState.RETURNED: N_("Returned"),
    MonthState.APPROVED: N_("Approved"),
    MonthState.SCHEDULED: N_("Scheduled"),
    MonthState.PUBLISHED: N_("Published"),
    MonthState.AIRED: N_("Aired"),
}


@dataclass(frozen=True)
class MonthStatus:
    month: Month
    state: MonthState
    has_input: bool
    built_at: datetime | None
    duration_s: float | None
    script_sha256: str | None
    approved_by: str | None
    approved_at: datetime | None
    published_by: str  # the login that first published it ("" before it is, or when not recorded)
    review_comment: str  # the reason given when it was returned
    reviewed_by: str  # who sent it for approval, returned or approved it last
    airings: int
    stations_aired: int
    stations: int


def year_status(engine: Engine, episodes_dir: Path, network: Network, year: int) -> list[MonthStatus]:
    return months_status(engine, episodes_dir, network, [Month(year, m) for m in range(1, 13)])


def month_status(engine: Engine, episodes_dir: Path, network: Network, month: Month) -> MonthStatus:
    return months_status(engine, episodes_dir, network, [month])[0]


def built_status(engine: Engine, episodes_dir: Path, network: Network) -> list[MonthStatus]:
    """Every built month, newest first (the approval and publish pages)."""
    with transaction(engine) as session:
        months = [Month.parse(m) for m in episodes.built_months(session)]
    return months_status(engine, episodes_dir, network, months)


def months_status(
    engine: Engine, episodes_dir: Path, network: Network, months: list[Month]
) -> list[MonthStatus]:
    keys = [str(m) for m in months]
    with transaction(engine) as session:
        built = episodes.episodes_by_month(session, keys)
        approved_rows = approvals.latest_approvals(session, keys)
        latest = reviews.latest_reviews(session, keys)
        airing_counts = airings.counts_by_month(session, keys)
        aired = plays.stations_played(session, keys)
        published = publications.publishers(session)  # item → who published it first
    out = []
    for month in months:
        key = str(month)
        path = input_path(episodes_dir, month)
        has_input = path.is_file()
        episode, approval, review = built.get(key), approved_rows.get(key), latest.get(key)
        approved = (
            approval is not None and episode is not None and approval.script_sha256 == episode.script_sha256
        )
        if episode is None:
            state = MonthState.DRAFT if has_input else MonthState.NO_INPUT
        elif has_input and _edited_after_build(path):
            state = MonthState.DRAFT  # edited after the build: what was built is not what is asked
        elif key in published and approved:
            state = MonthState.AIRED if aired.get(key) else MonthState.PUBLISHED
        elif approved and airing_counts.get(key):
            state = MonthState.SCHEDULED
        elif approved:
            state = MonthState.APPROVED
        elif review is not None and review.script_sha256 == episode.script_sha256:
            state = MonthState.RETURNED if review.state == ReviewState.RETURNED else MonthState.WAITING
        elif approval is not None:
            state = MonthState.WAITING  # approved an older build: a change sends it back to waiting
        else:
            state = MonthState.BUILT
        returned = review is not None and review.state == ReviewState.RETURNED
        out.append(
            MonthStatus(
                month=month,
                state=state,
                has_input=has_input,
                built_at=episode.built_at if episode else None,
                duration_s=episode.duration_s if episode else None,
                script_sha256=episode.script_sha256 if episode else None,
                approved_by=approval.approved_by if approved and approval else None,
                approved_at=approval.approved_at if approved and approval else None,
                published_by=published.get(key, "") if approved else "",
                review_comment=review.comment if review is not None and returned else "",
                reviewed_by=review.by if review is not None else "",
                airings=airing_counts.get(key, 0),
                stations_aired=aired.get(key, 0),
                stations=len(network.stations),
            )
        )
    return out


def _edited_after_build(path: Path) -> bool:
    """The input is newer than the build's build.json (both file times: one clock)."""
    built = path.parent / "build.json"
    return built.is_file() and path.stat().st_mtime_ns > built.stat().st_mtime_ns


# What to do next in each state: a catalog message and the command that does it ({month} filled in).
NEXT_STEPS: dict[MonthState, tuple[str, str]] = {
    MonthState.NO_INPUT: (N_("Write the month's input (the Studio's Month page, or episodes/{month}/episode.toml)."),
                          ""),
    MonthState.DRAFT: (N_("Build the programme."), "radio build {month}"),
    MonthState.BUILT: (N_("Have it reviewed: listen to episode.mp3, read script.md, then approve or return it."),
                       "radio approve {month} --by NAME"),
    MonthState.WAITING: (N_("Approve it, or return it with a reason."),
                         "radio approve {month} --by NAME"),
    MonthState.RETURNED: (N_("Change what the reason asks, then build again."), "radio build {month}"),
    MonthState.APPROVED: (N_("Schedule every station's airings."), "radio schedule {month}"),
    MonthState.SCHEDULED: (N_("Publish it to the stations."), "radio publish {month}"),
    MonthState.PUBLISHED: (N_("Stations report as they air it; see them with"), "radio stations"),
    MonthState.AIRED: (N_("See how it aired in the report:"), "radio report {month}"),
}


def next_step(status: MonthStatus) -> tuple[str, str]:
    """(catalog message, command or "") of what to do next with the month."""
    message, command = NEXT_STEPS[status.state]
    return message, command.format(month=status.month)


def starting_unapproved(
    statuses: list[MonthStatus], now: datetime, zone: ZoneInfo, within: timedelta = SOON
) -> list[tuple[MonthStatus, int]]:
    """(month, days to its start) of the months starting within `within` with nothing approved."""
    today = now.astimezone(zone)
    due = []
    for status in statuses:
        left = status.month.start(zone) - today
        if status.state in (MonthState.NO_INPUT, MonthState.DRAFT, MonthState.BUILT) and (
            timedelta(0) <= left <= within
        ):
            due.append((status, left.days))
    return due


def airing_calendar(engine: Engine, network: Network, month: Month) -> tuple[int, dict[date, Counter[str]]]:
    """(airings of the month's programme, day → local "HH:MM" → stations airing then), from columns."""
    zones = {s.id: s.timezone for s in network.stations}
    days: dict[date, Counter[str]] = defaultdict(Counter)
    count = 0
    with transaction(engine) as session:
        times = airings.airing_times(session, str(month))
    for station, at in times:
        if station in zones:
            local = at.astimezone(zones[station])
            days[local.date()][f"{local:%H:%M}"] += 1
            count += 1
    return count, days
