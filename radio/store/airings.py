"""Airings (when each station airs each item): every query on that table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Row, delete, func, select
from sqlalchemy.orm import Session

from radio.store.tables import AiringRow


def replace_month(session: Session, month: str, rows: Iterable[AiringRow]) -> int:
    """The month's airings become `rows` (all earlier ones of the month go); returns how many."""
    session.execute(delete(AiringRow).where(AiringRow.month == month))
    added = list(rows)
    session.add_all(added)
    return len(added)


def airings_of(session: Session,
               months: Iterable[str]) -> Sequence[Row[str, str, str, datetime, float, str]]:
    """These months' airings (month, item_id, station_id, starts_at, duration_s, priority, by name),
    in time order (ties by station). Plain rows, not ORM objects: a province's year is 50,000 of
    them, and building an object per row was most of `radio report`'s time."""
    return session.execute(
        select(AiringRow.month, AiringRow.item_id, AiringRow.station_id, AiringRow.starts_at,
               AiringRow.duration_s, AiringRow.priority)
        .where(AiringRow.month.in_(list(months))).order_by(AiringRow.starts_at, AiringRow.station_id)).all()


def count_month(session: Session, month: str) -> int:
    return session.scalar(select(func.count()).select_from(AiringRow).where(AiringRow.month == month)) or 0
