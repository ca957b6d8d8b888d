"""Review requests (sent for approval, returned, approved): every query on studio_reviews."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from radio.store.tables import ReviewRow


def add_review(session: Session, row: ReviewRow) -> None:
    session.add(row)


def latest_reviews(session: Session, months: Iterable[str]) -> dict[str, ReviewRow]:
    """Each month's latest review request."""
    latest: dict[str, ReviewRow] = {}
    for row in session.scalars(
        select(ReviewRow).where(ReviewRow.month.in_(list(months))).order_by(ReviewRow.at, ReviewRow.id)
    ):
        latest[row.month] = row
    return latest
