"""Airings (when each station airs each item): every query on that table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Row, delete, func, select
from sqlalchemy.orm import Session

from radio.store.db import aware, counts
from radio.store.tables import AiringRow


def replace_month(session: Session, month: str, rows: Iterable[AiringRow]) -> int:
    """The month's airings become `rows` (all earlier ones of the month go); returns how many."""
    session.execute(delete(AiringRow).where(AiringRow.month == month))
    added = list(rows)
    session.add_all(added)
    return len(added)


def airings_of(session: Session,
               months: Iterable[str]) -> Sequence[Row[str, str, str, datetime, float, str, str, str]]:
    """These months' airings (month, item_id, station_id, starts_at, duration_s, priority, unit,
    unit_name, by name), in time order (ties by station). Plain rows, not ORM objects: a province's year is 50,000 of
    them, and building an object per row was most of `radio report`'s time."""
    return session.execute(
        select(AiringRow.month, AiringRow.item_id, AiringRow.station_id, AiringRow.starts_at,
               AiringRow.duration_s, AiringRow.priority, AiringRow.unit, AiringRow.unit_name)
        .where(AiringRow.month.in_(list(months))).order_by(AiringRow.starts_at, AiringRow.station_id)).all()


def count_month(session: Session, month: str) -> int:
    return session.scalar(select(func.count()).select_from(AiringRow).where(AiringRow.month == month)) or 0


def counts_by_month(session: Session, months: Iterable[str]) -> dict[str, int]:
    """Month → airings stored, for these months."""
    return counts(session.execute(
        select(AiringRow.month, func.count()).where(AiringRow.month.in_(list(months))).group_by(AiringRow.month)))


def airing_times(session: Session, month: str) -> list[tuple[str, datetime]]:
    """(station, start) of every stored airing of the month, as columns (no row objects)."""
    return [(station, aware(at)) for station, at in session.execute(
        select(AiringRow.station_id, AiringRow.starts_at).where(AiringRow.month == month))]


def next_airings(session: Session, now: datetime, horizon: datetime) -> dict[str, tuple[datetime, str]]:
    """Station → (start, item) of its next airing after `now` and before `horizon` (one row a
    station comes back, not every airing of the weeks ahead)."""
    window = (AiringRow.starts_at > now, AiringRow.starts_at < horizon)
    first = (select(AiringRow.station_id, func.min(AiringRow.starts_at).label("at"))
             .where(*window).group_by(AiringRow.station_id).subquery())
    upcoming: dict[str, tuple[datetime, str]] = {}
    for station, item, at in session.execute(
        select(AiringRow.station_id, AiringRow.item_id, AiringRow.starts_at)
        .join(first, (AiringRow.station_id == first.c.station_id) & (AiringRow.starts_at == first.c.at))
        .order_by(AiringRow.station_id, AiringRow.item_id)
    ):
        upcoming.setdefault(station, (aware(at), item))  # two items at one time: the first by id
    return upcoming


def due_counts(session: Session, months: Iterable[str], before: datetime) -> dict[str, int]:
    """Station → airings of these months starting before `before`."""
    return counts(session.execute(
        select(AiringRow.station_id, func.count())
        .where(AiringRow.month.in_(list(months)), AiringRow.starts_at < before)
        .group_by(AiringRow.station_id)))
