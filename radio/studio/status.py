"""What the year and stations pages show, read with a handful of grouped queries (1,000 stations fast)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine

from radio.broadcast.stations import Network
from radio.content.episode import input_path
from radio.core.month import Month
from radio.store import studio as store
from radio.store.db import transaction

ONLINE_WITHIN = timedelta(hours=24)  # a station that reported nothing for a day is shown offline
MISSED_AFTER = timedelta(minutes=30)  # the report's tolerance for a play report to match an airing


class MonthState(StrEnum):
    NO_INPUT = "no input"
    DRAFT = "draft"  # input newer than the build, or never built
    BUILT = "built"
    WAITING = "waiting for approval"
    RETURNED = "returned"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


@dataclass(frozen=True)
class MonthStatus:
    month: Month
    state: MonthState
    has_input: bool
    built_at: datetime | None
    duration_s: float | None
    script_sha256: str | None
    approved_by: str | None
    review_comment: str
    airings: int
    stations_aired: int
    stations: int


def year_status(engine: Engine, episodes_dir: Path, network: Network, year: int) -> list[MonthStatus]:
    return months_status(engine, episodes_dir, network, [Month(year, m) for m in range(1, 13)])


def built_status(engine: Engine, episodes_dir: Path, network: Network) -> list[MonthStatus]:
    """Every built month, newest first (the approval and publish pages)."""
    with transaction(engine) as session:
        months = [Month.parse(m) for m in store.built_months(session)]
    return months_status(engine, episodes_dir, network, months)


def months_status(
    engine: Engine, episodes_dir: Path, network: Network, months: list[Month]
) -> list[MonthStatus]:
    with transaction(engine) as session:
        records = store.month_records(session, [str(m) for m in months])
    episodes, approvals, reviews = records.episodes, records.approvals, records.reviews
    airings, aired, published = records.airings, records.stations_aired, records.published
    out = []
    for month in months:
        key = str(month)
        path = input_path(episodes_dir, month)
        has_input = path.is_file()
        episode = episodes.get(key)
        approval = approvals.get(key)
        review = reviews.get(key)
        approved = (
            approval is not None and episode is not None and approval.script_sha256 == episode.script_sha256
        )
        if episode is None:
            state = MonthState.DRAFT if has_input else MonthState.NO_INPUT
        elif has_input and _edited_after_build(path):
            state = MonthState.DRAFT  # edited after the build: what was built is not what is asked
        elif key in published and approved:
            state = MonthState.PUBLISHED
        elif approved and airings.get(key):
            state = MonthState.SCHEDULED
        elif approved:
            state = MonthState.APPROVED
        elif review is not None and review.script_sha256 == episode.script_sha256:
            state = MonthState.RETURNED if review.state == "returned" else MonthState.WAITING
        elif approval is not None:
            state = MonthState.WAITING  # approved an older build: a change sends it back to waiting
        else:
            state = MonthState.BUILT
        out.append(
            MonthStatus(
                month=month,
                state=state,
                has_input=has_input,
                built_at=episode.built_at if episode else None,
                duration_s=episode.duration_s if episode else None,
                script_sha256=episode.script_sha256 if episode else None,
                approved_by=approval.approved_by if approved and approval else None,
                review_comment=review.comment if review is not None and review.state == "returned" else "",
                airings=airings.get(key, 0),
                stations_aired=aired.get(key, 0),
                stations=len(network.stations),
            )
        )
    return out


def _edited_after_build(path: Path) -> bool:
    """The input is newer than the build's build.json (both file times: one clock)."""
    built = path.parent / "build.json"
    return built.is_file() and path.stat().st_mtime_ns > built.stat().st_mtime_ns


@dataclass(frozen=True)
class StationOverview:
    id: str
    name: str
    last_sync: datetime | None
    release: int | None  # manifest sequence of the last `synced` report
    release_current: bool  # that is the newest release published
    next_airing: datetime | None
    next_item: str | None
    holds_next: bool  # its release lists the next airing's item
    last_played: datetime | None
    missed: int  # airings already past this month and last with no play report
    online: bool


def station_status(engine: Engine, network: Network, now: datetime) -> list[StationOverview]:
    """Every station's sync, release, next airing and recent misses from play reports and airings."""
    this = Month(now.astimezone(network.timezone).year, now.astimezone(network.timezone).month)
    recent = [str(this), str(this.previous())]
    with transaction(engine) as session:
        records = store.station_records(session, now, recent, now - MISSED_AFTER, now + timedelta(days=62))
    last_at, releases, publications = records.last_at, records.releases, records.release_items
    upcoming, due, played = records.upcoming, records.due, records.played
    newest = max(publications, default=None)
    out = []
    for s in network.stations:
        seen = last_at.get(s.id, {})
        release = releases.get(s.id)
        nxt = upcoming.get(s.id)
        any_report = max(seen.values(), default=None)
        out.append(
            StationOverview(
                id=s.id,
                name=s.name,
                last_sync=seen.get("synced"),
                release=release,
                release_current=release is not None and release == newest,
                next_airing=nxt[0] if nxt else None,
                next_item=nxt[1] if nxt else None,
                holds_next=bool(nxt and release is not None and nxt[1] in publications.get(release, ())),
                last_played=seen.get("played"),
                missed=max(due.get(s.id, 0) - played.get(s.id, 0), 0),
                online=any_report is not None and now - any_report <= ONLINE_WITHIN,
            )
        )
    return out


def airing_calendar(engine: Engine, network: Network, month: Month) -> tuple[int, dict[date, Counter[str]]]:
    """(airings of the month's programme, day → local "HH:MM" → stations airing then), from columns."""
    zones = {s.id: s.timezone for s in network.stations}
    days: dict[date, Counter[str]] = defaultdict(Counter)
    count = 0
    with transaction(engine) as session:
        times = store.airing_times(session, str(month))
    for station, at in times:
        if station in zones:
            local = at.astimezone(zones[station])
            days[local.date()][f"{local:%H:%M}"] += 1
            count += 1
    return count, days


def sync_summary(engine: Engine, network: Network, now: datetime, quiet_after: timedelta) -> tuple[int, int]:
    """(stations that never synced, stations whose last sync is older than `quiet_after`)."""
    with transaction(engine) as session:
        last = store.last_report_by_station(session, "synced")
    ids = [s.id for s in network.stations]
    never = sum(1 for i in ids if i not in last)
    quiet = sum(1 for i in ids if i in last and now - last[i] > quiet_after)
    return never, quiet
