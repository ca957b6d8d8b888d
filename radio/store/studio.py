"""The Studio's queries: accounts, sessions, review requests, the audit log, and the grouped reads
behind its year, stations and calendar pages (a few queries whatever the number of stations)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from radio.store.tables import (
    AiringRow,
    ApprovalRow,
    AuditRow,
    EmergencyRow,
    EpisodeRow,
    PlayReportRow,
    PublicationRow,
    ReviewRow,
    StudioSessionRow,
    StudioUserRow,
)


def user_named(session: Session, name: str) -> StudioUserRow | None:
    return session.scalars(select(StudioUserRow).where(StudioUserRow.name == name)).first()


def users(session: Session) -> list[StudioUserRow]:
    return list(session.scalars(select(StudioUserRow).order_by(StudioUserRow.name)))


def end_sessions_of(session: Session, user_id: int) -> None:
    session.execute(delete(StudioSessionRow).where(StudioSessionRow.user_id == user_id))


def end_session(session: Session, session_id: str) -> None:
    session.execute(delete(StudioSessionRow).where(StudioSessionRow.id == session_id))


def end_sessions_seen_before(session: Session, moment: datetime) -> None:
    session.execute(delete(StudioSessionRow).where(StudioSessionRow.seen_at < moment))


def latest_reviews(session: Session, months: Iterable[str]) -> dict[str, ReviewRow]:
    """Each month's latest review request."""
    latest: dict[str, ReviewRow] = {}
    for row in session.scalars(
        select(ReviewRow).where(ReviewRow.month.in_(list(months))).order_by(ReviewRow.at, ReviewRow.id)
    ):
        latest[row.month] = row
    return latest


def audit_entries(session: Session, limit: int) -> list[AuditRow]:
    return list(
        session.scalars(select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit))
    )


def built_months(session: Session) -> list[str]:
    """Every month with an episode record, newest first."""
    return list(session.scalars(select(EpisodeRow.month).order_by(EpisodeRow.month.desc())))


def recent_releases(session: Session, limit: int) -> list[PublicationRow]:
    return list(session.scalars(select(PublicationRow).order_by(PublicationRow.sequence.desc()).limit(limit)))


def records_version(session: Session) -> tuple[object, ...]:
    """Changes whenever a row a report reads is added, removed or replaced (a cache key)."""
    return tuple(
        tuple(session.execute(select(func.count(), func.max(table.id))).one())
        for table in (PlayReportRow, AiringRow, PublicationRow, EpisodeRow)
    ) + (session.scalar(select(func.count()).select_from(EmergencyRow)),)


@dataclass(frozen=True)
class MonthRecords:
    """What the database says about some months, for their state on the year page."""

    episodes: dict[str, EpisodeRow]
    approvals: dict[str, ApprovalRow]  # the latest of each month
    reviews: dict[str, ReviewRow]  # the latest of each month
    airings: dict[str, int]  # month → airings stored
    stations_aired: dict[str, int]  # month → stations that reported playing it
    published: set[str]  # item ids in any release


def month_records(session: Session, months: Iterable[str]) -> MonthRecords:
    keys = list(months)
    approvals: dict[str, ApprovalRow] = {}
    for row in session.scalars(
        select(ApprovalRow)
        .where(ApprovalRow.month.in_(keys))
        .order_by(ApprovalRow.approved_at, ApprovalRow.id)
    ):
        approvals[row.month] = row
    return MonthRecords(
        episodes={e.month: e for e in session.scalars(select(EpisodeRow).where(EpisodeRow.month.in_(keys)))},
        approvals=approvals,
        reviews=latest_reviews(session, keys),
        airings=_counts(
            session.execute(
                select(AiringRow.month, func.count())
                .where(AiringRow.month.in_(keys))
                .group_by(AiringRow.month)
            )
        ),
        stations_aired=_counts(
            session.execute(
                select(PlayReportRow.item_id, func.count(func.distinct(PlayReportRow.station_id)))
                .where(PlayReportRow.event == "played", PlayReportRow.item_id.in_(keys))
                .group_by(PlayReportRow.item_id)
            )
        ),
        published={item for (items,) in session.execute(select(PublicationRow.items)) for item in items},
    )


@dataclass(frozen=True)
class StationRecords:
    """Per station: latest report time by event, the release it last synced, its next airing, and
    how many of the recent months' airings are due and how many plays it reported for them."""

    last_at: dict[str, dict[str, datetime]]
    releases: dict[str, int]
    release_items: dict[int, set[str]]
    upcoming: dict[str, tuple[datetime, str]]
    due: dict[str, int]
    played: dict[str, int]


def station_records(
    session: Session, now: datetime, months: Iterable[str], due_before: datetime, horizon: datetime
) -> StationRecords:
    keys = list(months)
    last_at: dict[str, dict[str, datetime]] = defaultdict(dict)
    for station, event, at in session.execute(
        select(PlayReportRow.station_id, PlayReportRow.event, func.max(PlayReportRow.at)).group_by(
            PlayReportRow.station_id, PlayReportRow.event
        )
    ):
        last_at[station][event] = aware(at)
    upcoming: dict[str, tuple[datetime, str]] = {}
    for station, item, at in session.execute(
        select(AiringRow.station_id, AiringRow.item_id, AiringRow.starts_at)
        .where(AiringRow.starts_at > now, AiringRow.starts_at < horizon)
        .order_by(AiringRow.starts_at)
    ):
        upcoming.setdefault(station, (aware(at), item))
    return StationRecords(
        last_at=dict(last_at),
        releases=_counts(
            session.execute(
                select(PlayReportRow.station_id, func.max(PlayReportRow.manifest_sequence))
                .where(PlayReportRow.event == "synced")
                .group_by(PlayReportRow.station_id)
            )
        ),
        release_items={
            seq: set(items)
            for seq, items in session.execute(select(PublicationRow.sequence, PublicationRow.items))
        },
        upcoming=upcoming,
        due=_counts(
            session.execute(
                select(AiringRow.station_id, func.count())
                .where(AiringRow.month.in_(keys), AiringRow.starts_at < due_before)
                .group_by(AiringRow.station_id)
            )
        ),
        played=_counts(
            session.execute(
                select(PlayReportRow.station_id, func.count())
                .where(PlayReportRow.event == "played", PlayReportRow.item_id.in_(keys))
                .group_by(PlayReportRow.station_id)
            )
        ),
    )


def airing_times(session: Session, month: str) -> list[tuple[str, datetime]]:
    """(station, start) of every stored airing of the month, as columns (no row objects)."""
    return [
        (station, aware(at))
        for station, at in session.execute(
            select(AiringRow.station_id, AiringRow.starts_at).where(AiringRow.month == month)
        )
    ]


def last_report_by_station(session: Session, event: str) -> dict[str, datetime]:
    """Station → time of its latest report of `event`."""
    return {
        station: aware(at)
        for station, at in session.execute(
            select(PlayReportRow.station_id, func.max(PlayReportRow.at))
            .where(PlayReportRow.event == event)
            .group_by(PlayReportRow.station_id)
        )
    }


def aware(moment: datetime | str) -> datetime:
    """Grouped max() bypasses the column type on SQLite: naive UTC (or text) comes back."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _counts(rows: Iterable[Any]) -> dict[Any, Any]:
    return {key: value for key, value in rows if key is not None}
