"""Airings (when each station airs each item): every query on that table."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from radio.store.tables import AiringRow


def replace_month(session: Session, month: str, rows: Iterable[AiringRow]) -> int:
    """The month's airings become `rows` (all earlier ones of the month go); returns how many."""
    session.execute(delete(AiringRow).where(AiringRow.month == month))
    added = list(rows)
    session.add_all(added)
    return len(added)


def airings_of(session: Session, months: Iterable[str]) -> list[AiringRow]:
    """These months' airings, in time order (ties by station)."""
    return list(session.scalars(select(AiringRow).where(AiringRow.month.in_(list(months)))
                                .order_by(AiringRow.starts_at, AiringRow.station_id)))


def count_month(session: Session, month: str) -> int:
    return session.scalar(select(func.count()).select_from(AiringRow).where(AiringRow.month == month)) or 0
